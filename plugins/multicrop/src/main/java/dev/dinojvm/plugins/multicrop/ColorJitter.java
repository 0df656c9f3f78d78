package dev.dinojvm.plugins.multicrop;

import dev.dinojvm.api.RandomPermutation;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code ColorJitter(brightness=0.4, contrast=0.4, saturation=0.2, hue=0.1)}: four random
 * factors applied in a random order.
 *
 * @param order the operations in the order applied: 0 brightness, 1 contrast, 2 saturation, 3 hue
 * @param brightness factor in [0.6, 1.4]
 * @param contrast factor in [0.6, 1.4]
 * @param saturation factor in [0.8, 1.2]
 * @param hue shift in [-0.1, 0.1], in turns of the colour wheel
 */
record ColorJitter(int[] order, float brightness, float contrast, float saturation, float hue) {

    static final double BRIGHTNESS = 0.4;
    static final double CONTRAST = 0.4;
    static final double SATURATION = 0.2;
    static final double HUE = 0.1;

    /**
     * Draws as torchvision's {@code get_params}: the permutation first, then the four factors in the
     * order brightness, contrast, saturation, hue.
     */
    static ColorJitter sample(RandomGenerator random) {
        return sample(random, 1.0);
    }

    /**
     * @param strength factor on the four ranges; at most 2.5, which keeps the brightness factor at or
     *     above 0 and the hue shift within half a turn
     */
    static ColorJitter sample(RandomGenerator random, double strength) {
        int[] order = RandomPermutation.of(random, 4);
        float brightness = (float) RandomDraws.uniform(random, 1 - strength * BRIGHTNESS, 1 + strength * BRIGHTNESS);
        float contrast = (float) RandomDraws.uniform(random, 1 - strength * CONTRAST, 1 + strength * CONTRAST);
        float saturation = (float) RandomDraws.uniform(random, 1 - strength * SATURATION, 1 + strength * SATURATION);
        float hue = (float) RandomDraws.uniform(random, -strength * HUE, strength * HUE);
        return new ColorJitter(order, brightness, contrast, saturation, hue);
    }

    /** Applies the four adjustments in {@link #order()} to planar RGB values in place. */
    void applyTo(float[] rgb) {
        for (int op : order) {
            switch (op) {
                case 0 -> ColorOps.adjustBrightness(rgb, brightness);
                case 1 -> ColorOps.adjustContrast(rgb, contrast);
                case 2 -> ColorOps.adjustSaturation(rgb, saturation);
                case 3 -> ColorOps.adjustHue(rgb, hue);
                default -> throw new IllegalStateException("no colour operation " + op);
            }
        }
    }
}
