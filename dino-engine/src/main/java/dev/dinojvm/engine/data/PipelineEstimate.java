package dev.dinojvm.engine.data;

import dev.dinojvm.api.Augmentation;
import dev.dinojvm.api.CropLayout;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * A quick estimate of the data pipeline's speed on this machine: images spread over the source are
 * decoded and augmented one after the other on the calling thread, as one loader worker does; the
 * estimate for several workers multiplies by their number (an upper bound: they share the cores with
 * training). {@code dino bench --data-pipeline-only} measures the loader itself.
 */
public final class PipelineEstimate {

    /**
     * @param imagesPerSecond decoded and augmented images per second on one thread
     * @param workers the configured loader workers
     * @param images how many images were timed
     * @param layout the crops drawn per image
     */
    public record Result(double imagesPerSecond, int workers, int images, CropLayout layout) {

        /** @return the estimate for all workers */
        public double allWorkers() {
            return imagesPerSecond * workers;
        }
    }

    private PipelineEstimate() {}

    /**
     * @param source the training images
     * @param augmentation the configured augmentation (its plugin's class loader already current)
     * @param layout its crops
     * @param workers loader workers
     * @param maxImages at most this many images
     * @param maxNanos and for about this long at most (after the first image)
     * @return the estimate; 0 images per second when no image could be read
     */
    public static Result measure(ImageSource source, Augmentation augmentation, CropLayout layout, int workers, int maxImages,
            long maxNanos) {
        int stride = Math.max(1, source.size() / maxImages);
        SplittableRandom random = new SplittableRandom(0);
        int timed = 0;
        long start = System.nanoTime();
        for (int index = 0; index < source.size() && timed < maxImages && System.nanoTime() - start < maxNanos; index += stride) {
            try {
                source.loadForViews(index).augment(augmentation, random);
                timed++;
            } catch (IOException | RuntimeException e) {
                // Unreadable images are reported by the inspection; the estimate times the readable ones.
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(timed == 0 ? 0 : timed / seconds, workers, timed, layout);
    }
}
