package dev.dinojvm.plugins.multicrop;

import dev.dinojvm.api.ImageArray;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * One of the three torchvision pipelines of {@code DataAugmentationDINO}: RandomResizedCrop (bicubic),
 * flip_and_color_jitter, GaussianBlur, optional Solarization, normalize.
 *
 * @param size side of the view
 * @param scaleMin smallest area fraction of the crop
 * @param scaleMax largest area fraction of the crop
 * @param blurProbability probability of the Gaussian blur
 * @param solarizeProbability probability of solarization; 0 means the pipeline has no solarization
 *     step at all (so it draws no random number for it)
 * @param colour probabilities and strength of the colour jitter and the grey conversion
 */
record ViewRecipe(int size, double scaleMin, double scaleMax, double blurProbability, double solarizeProbability,
        ColourSettings colour) {

    /** With the official colour steps. */
    ViewRecipe(int size, double scaleMin, double scaleMax, double blurProbability, double solarizeProbability) {
        this(size, scaleMin, scaleMax, blurProbability, solarizeProbability, ColourSettings.OFFICIAL);
    }

    static final double FLIP_PROBABILITY = 0.5;
    static final double BLUR_SIGMA_MIN = 0.1;
    static final double BLUR_SIGMA_MAX = 2.0;

    /**
     * @param source the image as columns, values in [0, 1]
     * @param random consumed in a fixed order: crop, flip, jitter (and its factors), grayscale, blur
     *     (and its sigma), solarization
     * @param observer told of each random step applied
     * @param clock told at the end of each stage that ran
     * @return the normalised 3-channel view
     */
    ImageArray render(ColumnImage source, RandomGenerator random, Consumer<ViewStep> observer, StageClock clock) {
        CropBox box = RandomResizedCrop.sampleBox(source.height(), source.width(), scaleMin, scaleMax, random);
        float[] rgb = BicubicResize.resizeCrop(source, box, size);
        clock.lap(PipelineStage.CROP_RESIZE);

        // The comparisons follow the reference: torchvision's RandomHorizontalFlip and RandomGrayscale
        // apply when rand < p, RandomApply when rand <= p (it skips when p < rand), DINO's GaussianBlur
        // when rand <= p and its Solarization when rand < p.
        if (random.nextDouble() < FLIP_PROBABILITY) {
            flipHorizontal(rgb, size);
            observer.accept(ViewStep.FLIP);
            clock.lap(PipelineStage.FLIP);
        }
        if (random.nextDouble() <= colour.jitterProbability()) {
            ColorJitter.sample(random, colour.jitterStrength()).applyTo(rgb);
            observer.accept(ViewStep.COLOR_JITTER);
            clock.lap(PipelineStage.COLOR_JITTER);
        }
        if (random.nextDouble() < colour.grayscaleProbability()) {
            ColorOps.grayscale(rgb);
            observer.accept(ViewStep.GRAYSCALE);
            clock.lap(PipelineStage.GRAYSCALE);
        }
        if (random.nextDouble() <= blurProbability) {
            GaussianBlur.blur(rgb, size, size, RandomDraws.uniform(random, BLUR_SIGMA_MIN, BLUR_SIGMA_MAX));
            observer.accept(ViewStep.BLUR);
            clock.lap(PipelineStage.BLUR);
        }
        if (solarizeProbability > 0 && random.nextDouble() < solarizeProbability) {
            ColorOps.solarize(rgb);
            observer.accept(ViewStep.SOLARIZE);
            clock.lap(PipelineStage.SOLARIZE);
        }
        if (colour.standardizeViews()) {
            ViewStandardization.apply(rgb, 0, 3, size * size);
        } else {
            ColorOps.normalize(rgb);
        }
        clock.lap(PipelineStage.NORMALIZE);
        return new ImageArray(3, size, size, rgb);
    }

    /** Mirrors every row of every plane in place. */
    static void flipHorizontal(float[] planes, int width) {
        int rows = planes.length / width;
        for (int row = 0; row < rows; row++) {
            int left = row * width;
            int right = left + width - 1;
            while (left < right) {
                float tmp = planes[left];
                planes[left++] = planes[right];
                planes[right--] = tmp;
            }
        }
    }
}
