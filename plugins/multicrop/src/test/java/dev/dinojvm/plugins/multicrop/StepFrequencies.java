package dev.dinojvm.plugins.multicrop;

import dev.dinojvm.api.ImageArray;
import java.util.SplittableRandom;

/** How often each random step of the multi-crop ran on each view, over many applications to one image. */
final class StepFrequencies {

    private final int[][] counts;
    private final int images;

    private StepFrequencies(int[][] counts, int images) {
        this.counts = counts;
        this.images = images;
    }

    /**
     * @param settings the multi-crop's settings
     * @param image the image it is applied to
     * @param images how many times
     * @param seed the seed of the draws
     * @return the fraction of applications in which each step ran, per view
     */
    static StepFrequencies count(MultiCropSettings settings, ImageArray image, int images, long seed) {
        int[][] counts = new int[2 + settings.localCrops()][ViewStep.values().length];
        DinoMultiCrop augmentation = new DinoMultiCrop(settings, (view, step) -> counts[view][step.ordinal()]++);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < images; i++) {
            augmentation.apply(image, random);
        }
        return new StepFrequencies(counts, images);
    }

    /** @return the views of each application */
    int views() {
        return counts.length;
    }

    /**
     * @param view the view, 0 and 1 the global ones
     * @param step the step
     * @return the fraction of applications in which it ran on that view
     */
    double of(int view, ViewStep step) {
        return counts[view][step.ordinal()] / (double) images;
    }
}
