package dev.dinojvm.plugins.multicrop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dinojvm.api.ImageArray;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Throughput of the default multi-crop (2 × 224 + 8 × 96) on a 500 × 375 RGB image, printed, not
 * asserted. Excluded from normal builds; run with
 * {@code mvn -o -B -pl plugins/multicrop test -Dmulticrop.excludedGroups=none -Dgroups=benchmark}.
 */
@Tag("benchmark")
class MultiCropBenchmarkTest {

    private static final int HEIGHT = 375;
    private static final int WIDTH = 500;

    @Test
    void imagesPerSecond() throws Exception {
        DinoMultiCrop augmentation = new DinoMultiCrop(new MultiCropSettings(224, 96, 8, 0.4, 1.0, 0.05, 0.4));
        ImageArray image = photoLikeImage();

        run(augmentation, image, new SplittableRandom(0), 300); // warm-up: let the JIT compile the loops
        int images = 600;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        run(augmentation, image, new SplittableRandom(1), images);
        double oneThread = images / ((System.nanoTime() - start) / 1e9);
        double perCpuSecond = images / ((threads.getCurrentThreadCpuTime() - cpuStart) / 1e9);
        System.out.printf("multi-crop 2x224 + 8x96 of %dx%d RGB, 1 thread: %.1f images/s (%.1f per CPU-second)%n",
                WIDTH, HEIGHT, oneThread, perCpuSecond);

        int cores = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        try {
            start = System.nanoTime();
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < cores; t++) {
                long seed = 100 + t;
                futures.add(pool.submit(() -> run(augmentation, image, new SplittableRandom(seed), images)));
            }
            int total = 0;
            for (Future<Integer> f : futures) {
                total += f.get();
            }
            double all = total / ((System.nanoTime() - start) / 1e9);
            System.out.printf("multi-crop, %d threads: %.1f images/s (%.1f per thread)%n", cores, all, all / cores);
        } finally {
            pool.shutdownNow();
        }
        assertThat(oneThread).isPositive();
    }

    private static int run(DinoMultiCrop augmentation, ImageArray image, SplittableRandom random, int images) {
        float checksum = 0;
        for (int i = 0; i < images; i++) {
            checksum += augmentation.apply(image, random).views().get(0).pixels()[0];
        }
        return Float.isNaN(checksum) ? 0 : images; // uses the result so the work cannot be optimised away
    }

    /** Smooth colour gradients plus noise, values in [0, 1]. */
    private static ImageArray photoLikeImage() {
        SplittableRandom noise = new SplittableRandom(5);
        int plane = HEIGHT * WIDTH;
        float[] pixels = new float[3 * plane];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                double base = 0.5 + 0.3 * Math.sin(x / 37.0) * Math.cos(y / 23.0);
                for (int c = 0; c < 3; c++) {
                    double v = base + 0.15 * (c - 1) * x / WIDTH + 0.1 * (noise.nextDouble() - 0.5);
                    pixels[c * plane + y * WIDTH + x] = (float) Math.max(0, Math.min(1, v));
                }
            }
        }
        return new ImageArray(3, HEIGHT, WIDTH, pixels);
    }
}
