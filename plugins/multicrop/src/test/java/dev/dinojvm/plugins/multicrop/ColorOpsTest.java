package dev.dinojvm.plugins.multicrop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ColorOpsTest {

    // Two pixels, planar: (0.2, 0.4, 0.6) and (1.0, 0.5, 0.0).
    // Their lumas: 0.299*0.2 + 0.587*0.4 + 0.114*0.6 = 0.363 and 0.299*1.0 + 0.587*0.5 = 0.5925.
    private static float[] twoPixels() {
        return new float[] {0.2f, 1.0f, 0.4f, 0.5f, 0.6f, 0.0f};
    }

    @Test
    void brightnessScalesAndClips() {
        float[] rgb = twoPixels();
        ColorOps.adjustBrightness(rgb, 1.3f);
        assertClose(rgb, 0.26, 1.0, 0.52, 0.65, 0.78, 0.0);
    }

    @Test
    void contrastBlendsWithTheMeanLuma() {
        double mean = (0.363 + 0.5925) / 2;
        float[] rgb = twoPixels();
        ColorOps.adjustContrast(rgb, 1.3f);
        assertClose(rgb,
                mean * -0.3 + 0.2 * 1.3, 1.0, // 1.0 * 1.3 - 0.143 clips to 1
                mean * -0.3 + 0.4 * 1.3, mean * -0.3 + 0.5 * 1.3,
                mean * -0.3 + 0.6 * 1.3, 0.0); // -0.143 clips to 0
        float[] lower = twoPixels();
        ColorOps.adjustContrast(lower, 0.6f);
        assertClose(lower,
                mean * 0.4 + 0.2 * 0.6, mean * 0.4 + 1.0 * 0.6,
                mean * 0.4 + 0.4 * 0.6, mean * 0.4 + 0.5 * 0.6,
                mean * 0.4 + 0.6 * 0.6, mean * 0.4);
    }

    @Test
    void saturationBlendsWithEachPixelsLuma() {
        float[] rgb = twoPixels();
        ColorOps.adjustSaturation(rgb, 1.2f);
        assertClose(rgb,
                0.363 * -0.2 + 0.2 * 1.2, 1.0, // 1.2 - 0.1185 clips to 1
                0.363 * -0.2 + 0.4 * 1.2, 0.5925 * -0.2 + 0.5 * 1.2,
                0.363 * -0.2 + 0.6 * 1.2, 0.0); // -0.1185 clips to 0
        float[] grey = twoPixels();
        ColorOps.adjustSaturation(grey, 0f);
        assertClose(grey, 0.363, 0.5925, 0.363, 0.5925, 0.363, 0.5925);
    }

    @Test
    void grayscaleUsesItuR601Luma() {
        float[] rgb = twoPixels();
        ColorOps.grayscale(rgb);
        assertClose(rgb, 0.363, 0.5925, 0.363, 0.5925, 0.363, 0.5925);
    }

    @Test
    void solarizeInvertsFrom128Over255() {
        float[] rgb = {0.2f, 0.5f, 128f / 255f, 0.9f, 1.0f, 0.0f};
        ColorOps.solarize(rgb);
        assertClose(rgb, 0.2, 0.5, 127.0 / 255.0, 0.1, 0.0, 0.0);
    }

    @Test
    void normalizeUsesImageNetStatistics() {
        float[] rgb = {0.485f, 1.0f, 0.0f, 1.0f, 0.0f, 0.5f};
        ColorOps.normalize(rgb);
        assertClose(rgb,
                0.0, (1 - 0.485) / 0.229,
                (0 - 0.456) / 0.224, (1 - 0.456) / 0.224,
                (0 - 0.406) / 0.225, (0.5 - 0.406) / 0.225);
    }

    @Test
    void zeroHueShiftLeavesTheImageUnchanged() {
        float[] rgb = randomImage(500, 5);
        float[] copy = rgb.clone();
        ColorOps.adjustHue(rgb, 0f);
        for (int i = 0; i < rgb.length; i++) {
            assertThat(rgb[i]).isCloseTo(copy[i], within(1e-5f));
        }
    }

    @Test
    void hueShiftRotatesPrimaryColours() {
        // red, green, blue, grey
        float[] rgb = {1, 0, 0, 0.5f, 0, 1, 0, 0.5f, 0, 0, 1, 0.5f};
        ColorOps.adjustHue(rgb, 1f / 3f);
        // red -> green, green -> blue, blue -> red, grey unchanged
        assertClose(rgb, 0, 0, 1, 0.5, 1, 0, 0, 0.5, 0, 1, 0, 0.5);
        float[] red = {0.8f, 0.2f, 0.2f};
        ColorOps.adjustHue(red, 0.5f);
        assertClose(red, 0.2, 0.8, 0.8); // complementary: cyan with the same value and saturation
    }

    @Test
    void hueMatchesTorchvisionFormulas() {
        for (float shift : new float[] {0.07f, -0.1f, 0.1f, -0.03f}) {
            float[] rgb = randomImage(400, 9);
            double[] expected = torchvisionAdjustHue(rgb, shift);
            ColorOps.adjustHue(rgb, shift);
            for (int i = 0; i < rgb.length; i++) {
                assertThat((double) rgb[i]).isCloseTo(expected[i], within(2e-5));
            }
        }
    }

    @Test
    void jitterFactorsCoverTheirRangesAndOrdersArePermutations() {
        SplittableRandom random = new SplittableRandom(21);
        double[] min = {9, 9, 9, 9};
        double[] max = {-9, -9, -9, -9};
        java.util.Set<String> orders = new java.util.HashSet<>();
        for (int i = 0; i < 20000; i++) {
            ColorJitter jitter = ColorJitter.sample(random);
            double[] factors = {jitter.brightness(), jitter.contrast(), jitter.saturation(), jitter.hue()};
            for (int f = 0; f < 4; f++) {
                min[f] = Math.min(min[f], factors[f]);
                max[f] = Math.max(max[f], factors[f]);
            }
            assertThat(jitter.order()).containsExactlyInAnyOrder(0, 1, 2, 3);
            orders.add(java.util.Arrays.toString(jitter.order()));
        }
        double[][] bounds = {{0.6, 1.4}, {0.6, 1.4}, {0.8, 1.2}, {-0.1, 0.1}};
        for (int f = 0; f < 4; f++) {
            assertThat(min[f]).isBetween(bounds[f][0], bounds[f][0] + 0.01);
            assertThat(max[f]).isBetween(bounds[f][1] - 0.01, bounds[f][1]);
        }
        assertThat(orders).hasSize(24);
    }

    @Test
    void jitterAppliesItsOperationsInItsOrder() {
        int[][] orders = {{0, 1, 2, 3}, {3, 2, 1, 0}, {2, 0, 3, 1}};
        for (int[] order : orders) {
            float[] rgb = randomImage(300, 4);
            double[] expected = toDouble(rgb);
            for (int op : order) {
                expected = switch (op) {
                    case 0 -> referenceBlend(expected, 1.25, Blend.BLACK);
                    case 1 -> referenceBlend(expected, 0.7, Blend.MEAN_LUMA);
                    case 2 -> referenceBlend(expected, 1.15, Blend.LUMA);
                    default -> torchvisionAdjustHue(toFloat(expected), -0.08f);
                };
            }
            new ColorJitter(order, 1.25f, 0.7f, 1.15f, -0.08f).applyTo(rgb);
            for (int i = 0; i < rgb.length; i++) {
                assertThat((double) rgb[i]).as("order %s", java.util.Arrays.toString(order))
                        .isCloseTo(expected[i], within(5e-5));
            }
        }
    }

    // ---- double-precision references ----

    private enum Blend { BLACK, MEAN_LUMA, LUMA }

    /** torchvision's _blend(img, other, ratio) = clamp(ratio * img + (1 - ratio) * other). */
    private static double[] referenceBlend(double[] rgb, double ratio, Blend other) {
        int n = rgb.length / 3;
        double meanLuma = 0;
        for (int p = 0; p < n; p++) {
            meanLuma += (0.299 * rgb[p] + 0.587 * rgb[n + p] + 0.114 * rgb[2 * n + p]) / n;
        }
        double[] out = new double[rgb.length];
        for (int p = 0; p < n; p++) {
            double luma = 0.299 * rgb[p] + 0.587 * rgb[n + p] + 0.114 * rgb[2 * n + p];
            double base = switch (other) {
                case BLACK -> 0;
                case MEAN_LUMA -> meanLuma;
                case LUMA -> luma;
            };
            for (int c = 0; c < 3; c++) {
                out[c * n + p] = Math.max(0, Math.min(1, ratio * rgb[c * n + p] + (1 - ratio) * base));
            }
        }
        return out;
    }

    /** torchvision.transforms.functional_tensor adjust_hue: _rgb2hsv, (h + shift) % 1, _hsv2rgb. */
    private static double[] torchvisionAdjustHue(float[] rgb, double shift) {
        int n = rgb.length / 3;
        double[] out = new double[rgb.length];
        for (int p = 0; p < n; p++) {
            double r = rgb[p];
            double g = rgb[n + p];
            double b = rgb[2 * n + p];
            double maxc = Math.max(r, Math.max(g, b));
            double minc = Math.min(r, Math.min(g, b));
            boolean eqc = maxc == minc;
            double cr = maxc - minc;
            double s = cr / (eqc ? 1 : maxc);
            double crDivisor = eqc ? 1 : cr;
            double rc = (maxc - r) / crDivisor;
            double gc = (maxc - g) / crDivisor;
            double bc = (maxc - b) / crDivisor;
            double hr = (maxc == r ? 1 : 0) * (bc - gc);
            double hg = (maxc == g && maxc != r ? 1 : 0) * (2.0 + rc - bc);
            double hb = (maxc != g && maxc != r ? 1 : 0) * (4.0 + gc - rc);
            double h = ((hr + hg + hb) / 6.0 + 1.0) % 1.0;
            h = ((h + shift) % 1.0 + 1.0) % 1.0;
            double v = maxc;
            double i = Math.floor(h * 6.0);
            double f = h * 6.0 - i;
            double pp = Math.max(0, Math.min(1, v * (1.0 - s)));
            double q = Math.max(0, Math.min(1, v * (1.0 - s * f)));
            double t = Math.max(0, Math.min(1, v * (1.0 - s * (1.0 - f))));
            int sector = ((int) i) % 6;
            double[] a1 = {v, q, pp, pp, t, v};
            double[] a2 = {t, v, v, q, pp, pp};
            double[] a3 = {pp, pp, t, v, v, q};
            out[p] = a1[sector];
            out[n + p] = a2[sector];
            out[2 * n + p] = a3[sector];
        }
        return out;
    }

    private static float[] randomImage(int pixels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] rgb = new float[3 * pixels];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (float) random.nextDouble();
        }
        return rgb;
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    private static void assertClose(float[] actual, double... expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("value %d", i).isCloseTo(expected[i], within(1e-5));
        }
    }
}
