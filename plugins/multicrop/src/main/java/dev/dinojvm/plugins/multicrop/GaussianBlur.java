package dev.dinojvm.plugins.multicrop;

import java.util.Arrays;

/**
 * A separable Gaussian blur with radius {@code ceil(3 sigma)} and edge-replicated borders, for DINO's
 * {@code GaussianBlur}, which calls Pillow's {@code ImageFilter.GaussianBlur(radius=sigma)}.
 *
 * <p>Pillow approximates the Gaussian with three extended box blurs, so its pixels differ slightly
 * from this true Gaussian of the same standard deviation.
 */
final class GaussianBlur {

    private GaussianBlur() {}

    /** @return the normalised 1-D kernel, {@code 2 * ceil(3 sigma) + 1} taps */
    static float[] kernel(double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        double[] raw = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            raw[i + radius] = Math.exp(-(double) i * i / (2 * sigma * sigma));
            sum += raw[i + radius];
        }
        float[] kernel = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            kernel[i] = (float) (raw[i] / sum);
        }
        return kernel;
    }

    /**
     * Blurs every plane of {@code planes} in place: along columns (working on rows as lines, see {@link
     * ResampleWeights#apply}), then along each row (shifted slices of the row, padded with its end
     * samples). The weights are positive, so no value leaves [0, 1] and the order of the passes changes
     * nothing but float rounding.
     *
     * @param planes planar image, a whole number of {@code height × width} planes, values in [0, 1]
     * @param height plane height
     * @param width plane width
     * @param sigma standard deviation in pixels
     */
    static void blur(float[] planes, int height, int width, double sigma) {
        float[] kernel = kernel(sigma);
        int radius = kernel.length / 2;
        ResampleWeights alongColumns = ResampleWeights.convolution(height, kernel);
        float[][] rows = new float[height][width];
        float[][] blurredRows = new float[height][width];
        float[] padded = new float[width + 2 * radius];
        for (int offset = 0; offset < planes.length; offset += height * width) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(planes, offset + y * width, rows[y], 0, width);
            }
            alongColumns.apply(rows, blurredRows);
            for (int y = 0; y < height; y++) {
                float[] row = blurredRows[y];
                System.arraycopy(row, 0, padded, radius, width);
                Arrays.fill(padded, 0, radius, row[0]);
                Arrays.fill(padded, radius + width, padded.length, row[width - 1]);
                convolveRow(padded, kernel, planes, offset + y * width, width);
            }
        }
    }

    /**
     * {@code out[at + x] = sum_k kernel[k] * padded[x + k]} for {@code x < width}, clipped to [0, 1] (a
     * value may round above 1), the taps added four at a time like {@link ResampleWeights#apply}.
     */
    private static void convolveRow(float[] padded, float[] kernel, float[] out, int at, int width) {
        int k = 0;
        if (kernel.length >= 4) {
            float w0 = kernel[0];
            float w1 = kernel[1];
            float w2 = kernel[2];
            float w3 = kernel[3];
            for (int x = 0; x < width; x++) {
                out[at + x] = w0 * padded[x] + w1 * padded[x + 1] + w2 * padded[x + 2] + w3 * padded[x + 3];
            }
            k = 4;
        } else {
            Arrays.fill(out, at, at + width, 0f);
        }
        for (; k + 3 < kernel.length; k += 4) {
            float w0 = kernel[k];
            float w1 = kernel[k + 1];
            float w2 = kernel[k + 2];
            float w3 = kernel[k + 3];
            for (int x = 0; x < width; x++) {
                int i = x + k;
                out[at + x] += w0 * padded[i] + w1 * padded[i + 1] + w2 * padded[i + 2] + w3 * padded[i + 3];
            }
        }
        for (; k < kernel.length; k++) {
            float w = kernel[k];
            for (int x = 0; x < width; x++) {
                out[at + x] += w * padded[x + k];
            }
        }
        for (int x = at; x < at + width; x++) {
            out[x] = Math.max(0f, Math.min(1f, out[x]));
        }
    }
}
