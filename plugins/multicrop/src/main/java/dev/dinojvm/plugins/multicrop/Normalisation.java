package dev.dinojvm.plugins.multicrop;

import java.util.Arrays;

/**
 * Per-channel normalisation of a view, {@code (x - mean[c]) / std[c]}, as torchvision's {@code Normalize}.
 *
 * @param mean one value per channel
 * @param std one positive value per channel
 */
record Normalisation(float[] mean, float[] std) {

    /** The ImageNet statistics of the official DINO code, for 8-bit RGB. */
    static final Normalisation IMAGENET = new Normalisation(ColorOps.IMAGENET_MEAN.clone(), ColorOps.IMAGENET_STD.clone());

    /** Checks the lengths and that each std is positive. */
    Normalisation {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("mean and std need one value per channel each, got " + mean.length + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("every std must be positive, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** @return the number of channels */
    int channels() {
        return mean.length;
    }

    /** @return whether these are the ImageNet statistics (the RGB views are then normalised by the official code path) */
    boolean isImagenet() {
        return equals(IMAGENET);
    }

    /**
     * Normalises planar values in place.
     *
     * @param planes {@link #channels()} planes of equal size
     */
    void applyTo(float[] planes) {
        int plane = planes.length / mean.length;
        for (int c = 0; c < mean.length; c++) {
            float m = mean[c];
            float s = std[c];
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                planes[i] = (planes[i] - m) / s;
            }
        }
    }

    /**
     * Re-normalises RGB views the official code path normalised with ImageNet's statistics: {@code ((x s_in +
     * m_in) - m) / s}, so that the 8-bit RGB pipeline itself stays as it is.
     *
     * @param imagenetNormalised 3 planes normalised with {@link #IMAGENET}
     */
    void replaceImagenet(float[] imagenetNormalised) {
        int plane = imagenetNormalised.length / 3;
        for (int c = 0; c < 3; c++) {
            float inMean = IMAGENET.mean[c];
            float inStd = IMAGENET.std[c];
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                imagenetNormalised[i] = (imagenetNormalised[i] * inStd + inMean - mean[c]) / std[c];
            }
        }
    }

    /**
     * @param text comma-separated numbers, e.g. {@code 0.21, 0.33}
     * @return the numbers
     * @throws IllegalArgumentException when one is not a finite number
     */
    static float[] parse(String text) {
        String[] parts = text.split(",");
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Float.parseFloat(parts[i].trim());
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("not a finite number: " + parts[i].trim());
            }
        }
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Normalisation n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalisation[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
