package dev.dinojvm.plugins.multicrop;

import dev.dinojvm.api.ImageArray;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A view of an image of any number of channels and any depth (values in [0, 1]): the steps of {@link
 * ViewRecipe} that are defined for any channel, each channel kept as it is. Random resized crop (bicubic,
 * each channel alone), horizontal flip, per-channel brightness and contrast jitter ({@link ChannelJitter}),
 * Gaussian blur, solarisation at half the range ({@code x >= 0.5 ? 1 - x : x}), normalisation with the
 * data's per-channel mean and std (or, with {@code standardize-views}, each view's own: {@link
 * ViewStandardization}), and, when asked for, channel dropout. Hue, saturation and the grey
 * conversion are left out: they are defined for RGB only.
 *
 * @param size side of the view
 * @param scaleMin smallest area fraction of the crop
 * @param scaleMax largest area fraction of the crop
 * @param blurProbability probability of the Gaussian blur
 * @param solarizeProbability probability of solarisation; 0: no solarisation step (no random number drawn)
 * @param colour the jitter's probability and strength, and whether views are standardised (the grey probability is not used)
 * @param pixels the normalisation and the channel dropout probability (0: no dropout step, no random number drawn)
 */
record ChannelViewRecipe(int size, double scaleMin, double scaleMax, double blurProbability, double solarizeProbability,
        ColourSettings colour, PixelSettings pixels) {

    /** Solarisation inverts values at or above half the range, as the RGB step does at 128 of 255. */
    static final float SOLARIZE_THRESHOLD = 0.5f;

    /**
     * @param source the image as columns, values in [0, 1]
     * @param random consumed in a fixed order: crop, flip, jitter (and {@link ChannelJitter#sample its
     *     draws}), blur (and its sigma), solarisation, channel dropout (and the channel, {@code nextInt(C)})
     * @param observer told of each random step applied
     * @param clock told at the end of each stage that ran
     * @return the normalised view with the source's channels
     */
    ImageArray render(ColumnImage source, RandomGenerator random, Consumer<ViewStep> observer, StageClock clock) {
        int channels = source.channels();
        CropBox box = RandomResizedCrop.sampleBox(source.height(), source.width(), scaleMin, scaleMax, random);
        float[] planes = resizeCrop(source, box, size);
        clock.lap(PipelineStage.CROP_RESIZE);
        // The comparisons are those of ViewRecipe's steps: flip when rand < p, jitter and blur when rand <= p,
        // solarisation when rand < p.
        if (random.nextDouble() < ViewRecipe.FLIP_PROBABILITY) {
            ViewRecipe.flipHorizontal(planes, size);
            observer.accept(ViewStep.FLIP);
            clock.lap(PipelineStage.FLIP);
        }
        if (random.nextDouble() <= colour.jitterProbability()) {
            ChannelJitter.sample(random, channels, colour.jitterStrength()).applyTo(planes);
            observer.accept(ViewStep.COLOR_JITTER);
            clock.lap(PipelineStage.COLOR_JITTER);
        }
        if (random.nextDouble() <= blurProbability) {
            GaussianBlur.blur(planes, size, size, RandomDraws.uniform(random, ViewRecipe.BLUR_SIGMA_MIN, ViewRecipe.BLUR_SIGMA_MAX));
            observer.accept(ViewStep.BLUR);
            clock.lap(PipelineStage.BLUR);
        }
        if (solarizeProbability > 0 && random.nextDouble() < solarizeProbability) {
            solarize(planes);
            observer.accept(ViewStep.SOLARIZE);
            clock.lap(PipelineStage.SOLARIZE);
        }
        if (colour.standardizeViews()) {
            ViewStandardization.apply(planes, 0, channels, size * size);
        } else {
            pixels.normalisation().applyTo(planes);
        }
        if (pixels.channelDropout() > 0 && channels > 1 && random.nextDouble() < pixels.channelDropout()) {
            int dropped = random.nextInt(channels);
            java.util.Arrays.fill(planes, dropped * size * size, (dropped + 1) * size * size, 0f);
            observer.accept(ViewStep.CHANNEL_DROPOUT);
        }
        clock.lap(PipelineStage.NORMALIZE);
        return new ImageArray(channels, size, size, planes);
    }

    /**
     * Crops and resizes each channel alone with {@link BicubicResize}, which works on one or three channels
     * (repeating a single one): each channel is passed as a one-channel image and its first plane kept.
     */
    static float[] resizeCrop(ColumnImage source, CropBox box, int size) {
        int plane = size * size;
        float[] out = new float[source.channels() * plane];
        for (int c = 0; c < source.channels(); c++) {
            ColumnImage channel = new ColumnImage(1, source.height(), source.width(), new float[][][] {source.columns()[c]});
            System.arraycopy(BicubicResize.resizeCrop(channel, box, size), 0, out, c * plane, plane);
        }
        return out;
    }

    /** Inverts every value at or above {@link #SOLARIZE_THRESHOLD}. */
    static void solarize(float[] planes) {
        for (int i = 0; i < planes.length; i++) {
            float v = planes[i];
            planes[i] = v >= SOLARIZE_THRESHOLD ? 1f - v : v;
        }
    }
}
