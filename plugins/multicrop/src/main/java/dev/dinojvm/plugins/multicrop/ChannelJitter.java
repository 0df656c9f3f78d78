package dev.dinojvm.plugins.multicrop;

import java.util.random.RandomGenerator;

/**
 * The brightness and contrast jitter for images of any number of channels: each channel gets its own
 * brightness factor and its own contrast factor, drawn from torchvision's ranges ({@code [1 - 0.4 s, 1 + 0.4 s]}
 * at strength s), applied in a random order. Brightness scales a channel ({@code x b}); contrast blends it
 * with its own mean ({@code k x + (1 - k) mean}), as torchvision's {@code adjust_contrast} blends with the
 * grey mean of an RGB image; both clip to [0, 1]. Hue and saturation are left out: they are defined for
 * RGB only.
 *
 * @param brightnessFirst whether brightness is applied before contrast
 * @param brightness one factor per channel
 * @param contrast one factor per channel
 */
record ChannelJitter(boolean brightnessFirst, float[] brightness, float[] contrast) {

    /**
     * Draws, in this order: the order (brightness first when {@code nextDouble() < 0.5}), the brightness
     * factors of channels 0 to C-1, then their contrast factors.
     *
     * @param random the generator
     * @param channels C
     * @param strength factor on the ranges, at most 2.5 (keeps the factors at or above 0)
     * @return the jitter
     */
    static ChannelJitter sample(RandomGenerator random, int channels, double strength) {
        boolean brightnessFirst = random.nextDouble() < 0.5;
        float[] brightness = new float[channels];
        float[] contrast = new float[channels];
        for (int c = 0; c < channels; c++) {
            brightness[c] = (float) RandomDraws.uniform(random, 1 - strength * ColorJitter.BRIGHTNESS, 1 + strength * ColorJitter.BRIGHTNESS);
        }
        for (int c = 0; c < channels; c++) {
            contrast[c] = (float) RandomDraws.uniform(random, 1 - strength * ColorJitter.CONTRAST, 1 + strength * ColorJitter.CONTRAST);
        }
        return new ChannelJitter(brightnessFirst, brightness, contrast);
    }

    /** Applies both adjustments to planar values in [0, 1] in place, one plane per channel. */
    void applyTo(float[] planes) {
        int plane = planes.length / brightness.length;
        for (int c = 0; c < brightness.length; c++) {
            int from = c * plane;
            if (brightnessFirst) {
                scale(planes, from, plane, brightness[c]);
                blendWithMean(planes, from, plane, contrast[c]);
            } else {
                blendWithMean(planes, from, plane, contrast[c]);
                scale(planes, from, plane, brightness[c]);
            }
        }
    }

    private static void scale(float[] values, int from, int length, float factor) {
        for (int i = from; i < from + length; i++) {
            values[i] = clamp01(values[i] * factor);
        }
    }

    private static void blendWithMean(float[] values, int from, int length, float factor) {
        double sum = 0;
        for (int i = from; i < from + length; i++) {
            sum += values[i];
        }
        float offset = (float) ((1 - factor) * sum / length);
        for (int i = from; i < from + length; i++) {
            values[i] = clamp01(factor * values[i] + offset);
        }
    }

    private static float clamp01(float v) {
        return Math.max(0f, Math.min(1f, v));
    }
}
