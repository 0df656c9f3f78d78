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
        double sum = 0;
        for (int p = 0; p < n; p++) {
            sum += luma(rgb[p], rgb[n + p], rgb[2 * n + p]);
        }
        float offset = (float) (sum / n) * (1 - factor);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = clamp01(offset + rgb[i] * factor);
        }
    }

    /** Blend with the grey version of each pixel: {@code grey * (1 - factor) + x * factor}. */
    static void adjustSaturation(float[] rgb, float factor) {
        int n = rgb.length / 3;
        float keep = 1 - factor;
        for (int p = 0; p < n; p++) {
            float grey = keep * luma(rgb[p], rgb[n + p], rgb[2 * n + p]);
            rgb[p] = clamp01(grey + rgb[p] * factor);
            rgb[n + p] = clamp01(grey + rgb[n + p] * factor);
            rgb[2 * n + p] = clamp01(grey + rgb[2 * n + p] * factor);
        }
    }

    /**
     * Rotates the hue: RGB to HSV, {@code h = (h + shift) mod 1}, back to RGB, with torchvision's
     * {@code _rgb2hsv} and {@code _hsv2rgb} formulas.
     */
    static void adjustHue(float[] rgb, float shift) {
        int n = rgb.length / 3;
        for (int p = 0; p < n; p++) {
            float r = rgb[p];
            float g = rgb[n + p];
            float b = rgb[2 * n + p];
            float max = Math.max(r, Math.max(g, b));
            float min = Math.min(r, Math.min(g, b));
            if (max == min) {
                continue; // grey: saturation 0, and HSV to RGB gives (v, v, v) back whatever the hue
            }
            float chroma = max - min;
            float s = chroma / max;
            float rc = (max - r) / chroma;
            float gc = (max - g) / chroma;
            float bc = (max - b) / chroma;
            float h;
            if (max == r) {
                h = bc - gc;
            } else if (max == g) {
                h = 2f + rc - bc;
            } else {
                h = 4f + gc - rc;
            }
            h = (h / 6f + 1f) % 1f + shift;
            h -= (float) Math.floor(h);

            float h6 = h * 6f;
            float sector = (float) Math.floor(h6);
            float f = h6 - sector;
            float v = max;
            float pp = clamp01(v * (1f - s));
            float q = clamp01(v * (1f - s * f));
            float t = clamp01(v * (1f - s * (1f - f)));
            switch (((int) sector) % 6) {
                case 0 -> set(rgb, n, p, v, t, pp);
                case 1 -> set(rgb, n, p, q, v, pp);
                case 2 -> set(rgb, n, p, pp, v, t);
                case 3 -> set(rgb, n, p, pp, q, v);
                case 4 -> set(rgb, n, p, t, pp, v);
                default -> set(rgb, n, p, v, pp, q);
            }
        }
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

    private static void set(float[] rgb, int n, int p, float r, float g, float b) {
        rgb[p] = r;
        rgb[n + p] = g;
        rgb[2 * n + p] = b;
    }

    private static float clamp01(float v) {
        return Math.max(0f, Math.min(1f, v));
    }
}
