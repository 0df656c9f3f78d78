package dev.dinojvm.plugins.multicrop;

/**
 * Per-pixel operations on planar RGB images ({@code float[3 * n]}, values in [0, 1]), in place, with
 * the formulas of torchvision's functional transforms. Every result is clipped to [0, 1], as Pillow
 * does by working in 8 bits; unlike Pillow, values are not rounded to multiples of 1/255 in between.
 */
final class ColorOps {

    /** ITU-R 601-2 luma, as Pillow's {@code convert('L')}. */
    static final float LUMA_RED = 0.299f;
    static final float LUMA_GREEN = 0.587f;
    static final float LUMA_BLUE = 0.114f;
    /** Pillow's {@code ImageOps.solarize} default threshold 128, on the [0, 1] scale. */
    static final float SOLARIZE_THRESHOLD = 128f / 255f;
    static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    private ColorOps() {}

    /** Blend with black: {@code x * factor}. */
    static void adjustBrightness(float[] rgb, float factor) {
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = clamp01(rgb[i] * factor);
        }
    }

    /** Blend with the mean grey level of the image: {@code mean * (1 - factor) + x * factor}. */
    static void adjustContrast(float[] rgb, float factor) {
        int n = rgb.length / 3;
        // The mean luma is the luma of the channel means, which sums each plane along itself.
        double mean = (LUMA_RED * sum(rgb, 0, n) + LUMA_GREEN * sum(rgb, n, n) + LUMA_BLUE * sum(rgb, 2 * n, n)) / n;
        float offset = (float) mean * (1 - factor);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = clamp01(offset + rgb[i] * factor);
        }
    }

    /** Blend with the grey version of each pixel: {@code grey * (1 - factor) + x * factor}. */
    static void adjustSaturation(float[] rgb, float factor) {
        if (VectorSupport.AVAILABLE) {
            VectorKernels.adjustSaturation(rgb, factor);
        } else {
            adjustSaturation(rgb, factor, 0);
        }
    }

    /** {@link #adjustSaturation(float[], float)} of the pixels from {@code from} on, one at a time. */
    static void adjustSaturation(float[] rgb, float factor, int from) {
        int n = rgb.length / 3;
        float keep = 1 - factor;
        for (int p = from; p < n; p++) {
            float grey = keep * luma(rgb[p], rgb[n + p], rgb[2 * n + p]);
            rgb[p] = clamp01(grey + rgb[p] * factor);
            rgb[n + p] = clamp01(grey + rgb[n + p] * factor);
            rgb[2 * n + p] = clamp01(grey + rgb[2 * n + p] * factor);
        }
    }

    /**
     * Rotates the hue: RGB to HSV, {@code h = (h + shift) mod 1}, back to RGB. Same mathematics as
     * torchvision's {@code _rgb2hsv} / {@code _hsv2rgb}, written without per-pixel branching on the
     * colour sector (with hue in sixths of a turn, each channel of the result is
     * {@code v - v s clamp(min(k, 4 - k), 0, 1)} with {@code k = (n + 6h) mod 6}, n = 5, 3, 1 for R, G, B),
     * which is several times faster on noisy images; results agree to float rounding. With the vector
     * module, {@link VectorKernels} computes the same values on whole vectors.
     */
    static void adjustHue(float[] rgb, float shift) {
        if (VectorSupport.AVAILABLE) {
            VectorKernels.adjustHue(rgb, shift);
        } else {
            adjustHue(rgb, shift, 0);
        }
    }

    /** @return the hue shift in sixths of a turn, in [0, 6) */
    static float shiftInSixths(float shift) {
        return 6f * (shift - (float) Math.floor(shift));
    }

    /** {@link #adjustHue(float[], float)} of the pixels from {@code from} on, one at a time. */
    static void adjustHue(float[] rgb, float shift, int from) {
        int n = rgb.length / 3;
        float shiftSixths = shiftInSixths(shift);
        for (int p = from; p < n; p++) {
            float r = rgb[p];
            float g = rgb[n + p];
            float b = rgb[2 * n + p];
            float max = Math.max(r, Math.max(g, b));
            float min = Math.min(r, Math.min(g, b));
            float chroma = max - min;
            if (chroma == 0f) {
                continue; // grey: saturation 0, and HSV to RGB gives (v, v, v) back whatever the hue
            }
            float inverse = 1f / chroma;
            // Hue in sixths, in [-1, 5): the sector of the largest channel plus the offset within it.
            float sixths = max == r ? (g - b) * inverse
                    : max == g ? 2f + (b - r) * inverse
                    : 4f + (r - g) * inverse;
            sixths += shiftSixths; // in [-1, 11): one wrap brings it to [0, 6)
            if (sixths < 0f) {
                sixths += 6f;
            } else if (sixths >= 6f) {
                sixths -= 6f;
            }
            // v * s = chroma, since v = max and s = chroma / max
            rgb[p] = max - chroma * sectorWeight(5f + sixths);
            rgb[n + p] = max - chroma * sectorWeight(3f + sixths);
            rgb[2 * n + p] = max - chroma * sectorWeight(1f + sixths);
        }
    }

    /** {@code clamp(min(k, 4 - k), 0, 1)} with {@code k} in [1, 11) first reduced modulo 6. */
    private static float sectorWeight(float k) {
        float m = k >= 6f ? k - 6f : k;
        return Math.max(0f, Math.min(1f, Math.min(m, 4f - m)));
    }

    /** Replaces each pixel by its luma on all three channels. */
    static void grayscale(float[] rgb) {
        int n = rgb.length / 3;
        for (int p = 0; p < n; p++) {
            float grey = clamp01(luma(rgb[p], rgb[n + p], rgb[2 * n + p]));
            rgb[p] = grey;
            rgb[n + p] = grey;
            rgb[2 * n + p] = grey;
        }
    }

    /** Inverts every value at or above the threshold: {@code x >= 128/255 ? 1 - x : x}. */
    static void solarize(float[] rgb) {
        for (int i = 0; i < rgb.length; i++) {
            float v = rgb[i];
            rgb[i] = v >= SOLARIZE_THRESHOLD ? 1f - v : v;
        }
    }

    /** {@code (x - mean[c]) / std[c]} with the ImageNet statistics. */
    static void normalize(float[] rgb) {
        int n = rgb.length / 3;
        for (int c = 0; c < 3; c++) {
            float mean = IMAGENET_MEAN[c];
            float std = IMAGENET_STD[c];
            for (int i = c * n; i < (c + 1) * n; i++) {
                rgb[i] = (rgb[i] - mean) / std;
            }
        }
    }

    static float luma(float r, float g, float b) {
        return LUMA_RED * r + LUMA_GREEN * g + LUMA_BLUE * b;
    }

    /** The sum in four running totals, which the processor adds in parallel. */
    private static double sum(float[] values, int from, int length) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        int end = from + length;
        for (; i + 3 < end; i += 4) {
            s0 += values[i];
            s1 += values[i + 1];
            s2 += values[i + 2];
            s3 += values[i + 3];
        }
        for (; i < end; i++) {
            s0 += values[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static float clamp01(float v) {
        return Math.max(0f, Math.min(1f, v));
    }
}
