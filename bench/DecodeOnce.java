import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;

/**
 * The floor that {@code dino data inspect} is compared with: every image file under a folder decoded once
 * with the JDK's ImageIO, one thread per core, and nothing else.
 *
 * <pre>java bench/DecodeOnce.java DIR</pre>
 */
public class DecodeOnce {
    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (var walk = Files.walk(Path.of(args[0]))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        long start = System.nanoTime();
        List<Future<Integer>> widths = new ArrayList<>();
        for (Path file : files) {
            widths.add(pool.submit(() -> ImageIO.read(file.toFile()).getWidth()));
        }
        long pixels = 0;
        for (Future<Integer> width : widths) {
            pixels += width.get();
        }
        pool.shutdown();
        System.out.printf("%d images decoded in %.1f s with %d threads%n", files.size(), (System.nanoTime() - start) / 1e9,
                Runtime.getRuntime().availableProcessors());
    }
}
