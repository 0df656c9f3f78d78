package dev.dinojvm.plugins.multicrop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianBlurTest {

    @Test
    void kernelIsANormalisedGaussianOfRadiusThreeSigma() {
        float[] kernel = GaussianBlur.kernel(1.0);
        assertThat(kernel).hasSize(7); // radius ceil(3 * 1.0) = 3
        // exp(-i^2 / 2) for i = 0..3: 1, 0.60653066, 0.13533528, 0.01110900; sum over -3..3 = 2.50636087
        double sum = 1 + 2 * (0.60653066 + 0.13533528 + 0.01110900);
        assertThat((double) kernel[3]).isCloseTo(1 / sum, within(1e-6));
        assertThat((double) kernel[4]).isCloseTo(0.60653066 / sum, within(1e-6));
        assertThat((double) kernel[6]).isCloseTo(0.01110900 / sum, within(1e-6));
        assertThat(GaussianBlur.kernel(0.1)).hasSize(3); // radius ceil(0.3) = 1
        assertThat(GaussianBlur.kernel(2.0)).hasSize(13); // radius 6
    }

    @Test
    void blurMatchesADirectTwoDimensionalConvolutionWithClampedEdges() {
        SplittableRandom random = new SplittableRandom(8);
        int height = 9;
        int width = 14;
        float[] planes = new float[3 * height * width];
        for (int i = 0; i < planes.length; i++) {
            planes[i] = (float) random.nextDouble();
        }
        for (double sigma : new double[] {0.1, 0.7, 1.9}) {
            float[] blurred = planes.clone();
            GaussianBlur.blur(blurred, height, width, sigma);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        double expected = directBlur(planes, c * height * width, height, width, y, x, sigma);
                        assertThat((double) blurred[c * height * width + y * width + x])
                                .as("sigma %s channel %d (%d, %d)", sigma, c, y, x)
                                .isCloseTo(expected, within(1e-5));
                    }
                }
            }
        }
    }

    @Test
    void constantImageStaysConstant() {
        float[] planes = new float[3 * 5 * 4];
        java.util.Arrays.fill(planes, 0.37f);
        GaussianBlur.blur(planes, 5, 4, 2.0); // radius 6, wider than the image
        for (float v : planes) {
            assertThat(v).isCloseTo(0.37f, within(1e-6f));
        }
    }

    private static double directBlur(float[] planes, int offset, int height, int width, int y, int x, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        double total = 0;
        double weights = 0;
        for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
                double w = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
                int sy = Math.min(Math.max(y + dy, 0), height - 1);
                int sx = Math.min(Math.max(x + dx, 0), width - 1);
                total += w * planes[offset + sy * width + sx];
                weights += w;
            }
        }
        return total / weights;
    }
}
