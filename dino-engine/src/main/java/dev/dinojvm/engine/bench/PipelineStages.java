package dev.dinojvm.engine.bench;

import dev.dinojvm.api.Augmentation;
import dev.dinojvm.api.ImageArray;
import dev.dinojvm.api.MultiCropViews;
import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.data.SourceImage;
import dev.dinojvm.engine.plugin.ContextLoaderSwap;
import dev.dinojvm.plugins.multicrop.PipelineStage;
import dev.dinojvm.plugins.multicrop.StageTimes;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code dino bench --stages}: where one image's time goes in the data pipeline, on the calling thread:
 * decoding, each stage of the standard multi-crop, and copying the views into a batch.
 *
 * <p>Stages are timed with the wall clock, which on a shared machine also counts the time the thread
 * waited for a core; the thread's CPU time over the whole run is measured too, and each stage is
 * reported as its share of that CPU time, so the figures do not depend on how loaded the machine was.
 */
final class PipelineStages {

    private PipelineStages() {}

    /**
     * @param source the images, taken in order (wrapping around)
     * @param augmentation must be the standard multi-crop
     * @param warmup images first, untimed
     * @param images timed images
     * @param seed seeds the views
     * @return milliseconds of CPU per image for each stage, in pipeline order, then "total"
     * @throws IllegalArgumentException when the augmentation is not the standard multi-crop
     */
    static Map<String, Double> measure(ImageSource source, Augmentation augmentation, int warmup, int images, long seed) throws IOException {
        StageTimes timer = StageTimes.of(augmentation).orElseThrow(() -> new IllegalArgumentException(
                "--stages times the standard multi-crop only; the configured augmentation is " + augmentation.getClass().getName()));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SplittableRandom random = new SplittableRandom(seed);
        long decode = 0;
        long copy = 0;
        long cpuStart = 0;
        float[] batch = null;
        for (int i = 0; i < warmup + images; i++) {
            if (i == warmup) {
                decode = 0;
                copy = 0;
                timer.reset();
                cpuStart = threads.getCurrentThreadCpuTime();
            }
            long start = System.nanoTime();
            SourceImage image = source.loadForViews(i % source.size());
            long decoded = System.nanoTime();
            MultiCropViews views;
            try (ContextLoaderSwap swap = ContextLoaderSwap.of(augmentation)) {
                views = image.bytes() != null ? timer.apply(image.bytes(), random) : timer.apply(image.floats(), random);
            }
            long augmented = System.nanoTime();
            batch = copyIntoBatch(views.views(), batch);
            decode += decoded - start;
            copy += System.nanoTime() - augmented;
        }
        double cpuMillisPerImage = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6 / images;
        Map<String, Long> wall = new LinkedHashMap<>();
        wall.put("decode", decode);
        for (PipelineStage stage : PipelineStage.values()) {
            wall.put(stage.label(), timer.nanos(stage));
        }
        wall.put("copy into the batch", copy);
        double wallTotal = wall.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> millis = new LinkedHashMap<>();
        wall.forEach((stage, nanos) -> millis.put(stage, cpuMillisPerImage * nanos / wallTotal));
        millis.put("total", cpuMillisPerImage);
        return millis;
    }

    /** Copies the views one after the other, as the data loader lays one image's views into its batch. */
    private static float[] copyIntoBatch(List<ImageArray> views, float[] batch) {
        int length = views.stream().mapToInt(view -> view.pixels().length).sum();
        float[] target = batch != null && batch.length == length ? batch : new float[length];
        int offset = 0;
        for (ImageArray view : views) {
            System.arraycopy(view.pixels(), 0, target, offset, view.pixels().length);
            offset += view.pixels().length;
        }
        return target;
    }
}
