package dev.dinojvm.plugins.multicrop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.dinojvm.api.ImageArray;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BicubicResizeTest {

    // Pillow's cubic kernel (a = -0.5) at the offsets these cases need, worked out by hand:
    // k(0.25) = (1.5*0.25 - 2.5)*0.25^2 + 1 = 0.8671875
    // k(0.75) = (1.5*0.75 - 2.5)*0.75^2 + 1 = 0.2265625
    // k(1.25) = (((1.25 - 5)*1.25 + 8)*1.25 - 4) * -0.5 = -0.0703125
    private static final double K025 = 0.8671875;
    private static final double K075 = 0.2265625;
    private static final double K125 = -0.0703125;

    @Test
    void downscaleFourToTwoWidensTheKernelLikePillow() {
        // scale 2: support 4, taps at (x - centre + 0.5) / 2. Output 0: centre 1, inputs 0..3 at
        // -0.25, 0.25, 0.75, 1.25; output 1: centre 3, inputs 0..3 at -1.25, -0.75, -0.25, 0.25.
        double sum = 2 * K025 + K075 + K125; // 1.890625
        double[] ramp = {0.1, 0.3, 0.5, 0.7};
        double out0 = (K025 * ramp[0] + K025 * ramp[1] + K075 * ramp[2] + K125 * ramp[3]) / sum;
        double out1 = (K125 * ramp[0] + K075 * ramp[1] + K025 * ramp[2] + K025 * ramp[3]) / sum;

        ResampleWeights w = ResampleWeights.bicubic(4, 2);
        assertThat(w.first()).containsExactly(0, 0);
        assertThat(w.count()).containsExactly(4, 4);
        assertThat((double) w.weights()[0]).isCloseTo(K025 / sum, within(1e-7));
        assertThat((double) w.weights()[w.taps() + 0]).isCloseTo(K125 / sum, within(1e-7));

        float[] out = resizeRow(ramp, 2);
        for (int row = 0; row < 2; row++) {
            assertThat((double) out[row * 2]).isCloseTo(out0, within(1e-6));
            assertThat((double) out[row * 2 + 1]).isCloseTo(out1, within(1e-6));
        }
    }

    @Test
    void upscaleTwoToFourUsesTheUnstretchedKernel() {
        // scale 0.5: support 2, centres 0.25, 0.75, 1.25, 1.75, taps at x - centre + 0.5.
        double a = 0.2;
        double b = 0.8;
        double[] expected = {
            (K025 * a + K125 * b) / (K025 + K125), // offsets 0.25, 1.25
            (K025 * a + K075 * b) / (K025 + K075), // offsets -0.25, 0.75
            (K075 * a + K025 * b) / (K075 + K025), // offsets -0.75, 0.25
            (K125 * a + K025 * b) / (K125 + K025), // offsets -1.25, -0.25
        };
        float[] out = resizeRow(new double[] {a, b}, 4);
        for (int row = 0; row < 4; row++) {
            for (int x = 0; x < 4; x++) {
                assertThat((double) out[row * 4 + x]).isCloseTo(expected[x], within(1e-6));
            }
        }
    }

    @Test
    void overshootIsClippedToTheUnitRange() {
        // A step 0,0,0,1 gives output 0 = -0.0703125 / 1.890625 < 0 before clipping.
        float[] out = resizeRow(new double[] {0, 0, 0, 1}, 2);
        assertThat(out[0]).isEqualTo(0f);
        assertThat((double) out[1]).isCloseTo(K025 / (2 * K025 + K075 + K125), within(1e-6));
    }

    @Test
    void sameSizeIsTheIdentity() {
        double[] values = {0.1, 0.9, 0.4, 0.6, 0.3};
        ImageArray image = grey(5, 5, (y, x) -> values[(x + 2 * y) % 5]);
        float[] out = BicubicResize.resizeCrop(image, new CropBox(0, 0, 5, 5), 5);
        for (int i = 0; i < 25; i++) {
            assertThat(out[i]).isCloseTo(image.pixels()[i], within(1e-6f));
        }
    }

    @Test
    void cropOfAColourImageMatchesAPillowStyleReference() {
        SplittableRandom random = new SplittableRandom(3);
        int height = 11;
        int width = 13;
        float[] pixels = new float[3 * height * width];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        ImageArray image = new ImageArray(3, height, width, pixels);
        CropBox box = new CropBox(2, 3, 7, 9);
        for (int size : new int[] {4, 12}) {
            float[] out = BicubicResize.resizeCrop(image, box, size);
            for (int c = 0; c < 3; c++) {
                double[][] expected = referenceResize(image, c, box, size);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        assertThat((double) out[c * size * size + y * size + x])
                                .as("size %d channel %d at (%d, %d)", size, c, y, x)
                                .isCloseTo(expected[y][x], within(1e-5));
                    }
                }
            }
        }
    }

    @Test
    void paperSizedCropsMatchThePillowStyleReference() {
        // The paper's views from a 500x375-like source, resized straight from its columns: a global crop
        // shrunk to 224 (9-tap kernels), a local one to 96, and a small one enlarged to 96.
        SplittableRandom random = new SplittableRandom(5);
        float[] pixels = new float[3 * 250 * 330];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        ImageArray image = new ImageArray(3, 250, 330, pixels);
        ColumnImage columns = ColumnImage.of(image);
        Map<CropBox, Integer> views = Map.of(new CropBox(10, 25, 240, 300), 224, new CropBox(100, 7, 150, 170), 96,
                new CropBox(3, 200, 40, 60), 96);
        views.forEach((box, size) -> {
            float[] out = BicubicResize.resizeCrop(columns, box, size);
            for (int c = 0; c < 3; c++) {
                double[][] expected = referenceResize(image, c, box, size);
                int plane = c * size * size;
                for (int i = 0; i < size * size; i++) {
                    assertThat((double) out[plane + i]).as("box %s channel %d at %d", box, c, i)
                            .isCloseTo(expected[i / size][i % size], within(1e-5));
                }
            }
        });
    }

    @Test
    void greyImageIsReplicatedToThreeChannels() {
        ImageArray image = grey(6, 8, (y, x) -> (x * 7 + y * 3) % 10 / 10.0);
        float[] out = BicubicResize.resizeCrop(image, new CropBox(1, 2, 5, 6), 3);
        assertThat(out).hasSize(27);
        for (int i = 0; i < 9; i++) {
            assertThat(out[9 + i]).isEqualTo(out[i]);
            assertThat(out[18 + i]).isEqualTo(out[i]);
        }
    }

    /** A one-row grey image resized to a square: the vertical pass replicates that row. */
    private static float[] resizeRow(double[] row, int size) {
        ImageArray image = grey(1, row.length, (y, x) -> row[x]);
        return BicubicResize.resizeCrop(image, new CropBox(0, 0, 1, row.length), size);
    }

    private interface PixelFunction {
        double at(int y, int x);
    }

    private static ImageArray grey(int height, int width, PixelFunction f) {
        float[] pixels = new float[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                pixels[y * width + x] = (float) f.at(y, x);
            }
        }
        return new ImageArray(1, height, width, pixels);
    }

    // ---- double-precision reference of Pillow's ImagingResample on a cropped image ----

    private static double[][] referenceResize(ImageArray image, int channel, CropBox box, int size) {
        double[][] crop = new double[box.height()][box.width()];
        for (int y = 0; y < box.height(); y++) {
            for (int x = 0; x < box.width(); x++) {
                crop[y][x] = image.pixels()[channel * image.height() * image.width()
                        + (box.top() + y) * image.width() + box.left() + x];
            }
        }
        double[][] horizontal = new double[box.height()][size];
        for (int y = 0; y < box.height(); y++) {
            for (int xx = 0; xx < size; xx++) {
                horizontal[y][xx] = clip(sample(crop[y], xx, size));
            }
        }
        double[][] out = new double[size][size];
        for (int x = 0; x < size; x++) {
            double[] column = new double[box.height()];
            for (int y = 0; y < box.height(); y++) {
                column[y] = horizontal[y][x];
            }
            for (int yy = 0; yy < size; yy++) {
                out[yy][x] = clip(sample(column, yy, size));
            }
        }
        return out;
    }

    private static double sample(double[] in, int outIndex, int outSize) {
        double scale = (double) in.length / outSize;
        double filterScale = Math.max(1, scale);
        double support = 2 * filterScale;
        double centre = (outIndex + 0.5) * scale;
        int min = Math.max(0, (int) (centre - support + 0.5));
        int max = Math.min(in.length, (int) (centre + support + 0.5));
        double total = 0;
        double weightSum = 0;
        for (int i = min; i < max; i++) {
            double t = Math.abs((i - centre + 0.5) / filterScale);
            double k = t < 1 ? 1.5 * t * t * t - 2.5 * t * t + 1 : t < 2 ? -0.5 * t * t * t + 2.5 * t * t - 4 * t + 2 : 0;
            total += k * in[i];
            weightSum += k;
        }
        return total / weightSum;
    }

    private static double clip(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
