package dev.dinojvm.plugins.multicrop;

/**
 * Per-view standardisation, the alternative to the ImageNet normalisation: each channel of a view minus
 * that channel's own mean, divided by its own standard deviation. A picture's exposure, contrast and
 * colour cast (a gain and an offset per channel) are gone by construction, so two views of one picture
 * cannot be matched by them; only the spatial pattern is left. Training views and evaluation images must
 * both get it (the multi-crop's {@value #KEY} setting, which the evaluation transform reads).
 */
public final class ViewStandardization {

    /** The multi-crop setting, also read by the evaluation transform. */
    public static final String KEY = "standardize-views";

    /** Floor of the standard deviation: a flat channel becomes zeros instead of a division by zero. */
    static final float MIN_STD = 1e-3f;

    private ViewStandardization() {
    }

    /**
     * Standardises {@code channels} planes of {@code plane} values in place.
     *
     * @param pixels planar values, any range
     * @param offset where the first plane starts
     * @param channels number of planes
     * @param plane values per plane
     */
    public static void apply(float[] pixels, int offset, int channels, int plane) {
        for (int c = 0; c < channels; c++) {
            int from = offset + c * plane;
            double sum = 0;
            for (int i = from; i < from + plane; i++) {
                sum += pixels[i];
            }
            double mean = sum / plane;
            double squares = 0;
            for (int i = from; i < from + plane; i++) {
                double d = pixels[i] - mean;
                squares += d * d;
            }
            float std = (float) Math.max(Math.sqrt(squares / plane), MIN_STD);
            float m = (float) mean;
            for (int i = from; i < from + plane; i++) {
                pixels[i] = (pixels[i] - m) / std;
            }
        }
    }
}
