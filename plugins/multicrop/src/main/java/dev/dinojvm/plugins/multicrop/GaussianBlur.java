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
     * Blurs every plane of {@code planes} in place.
     *
     * @param planes planar image, a whole number of {@code height × width} planes
     * @param height plane height
     * @param width plane width
     * @param sigma standard deviation in pixels
     */
    static void blur(float[] planes, int height, int width, double sigma) {
        float[] kernel = kernel(sigma);
        int radius = kernel.length / 2;
        int plane = height * width;
        float[] padded = new float[width + 2 * radius];
        float[] horizontal = new float[plane];
        for (int offset = 0; offset < planes.length; offset += plane) {
            blurRows(planes, offset, height, width, kernel, padded, horizontal);
            blurColumns(horizontal, height, width, kernel, planes, offset);
        }
    }

    private static void blurRows(
            float[] in, int offset, int height, int width, float[] kernel, float[] padded, float[] out) {
        int radius = kernel.length / 2;
        Arrays.fill(out, 0f);
        for (int y = 0; y < height; y++) {
            int row = offset + y * width;
            Arrays.fill(padded, 0, radius, in[row]);
            System.arraycopy(in, row, padded, radius, width);
            Arrays.fill(padded, radius + width, padded.length, in[row + width - 1]);
            int outRow = y * width;
            for (int k = 0; k < kernel.length; k++) {
                float weight = kernel[k];
                for (int x = 0; x < width; x++) {
                    out[outRow + x] += weight * padded[x + k];
                }
            }
        }
    }

    private static void blurColumns(float[] in, int height, int width, float[] kernel, float[] out, int offset) {
        int radius = kernel.length / 2;
        for (int y = 0; y < height; y++) {
            int outRow = offset + y * width;
            Arrays.fill(out, outRow, outRow + width, 0f);
            for (int k = 0; k < kernel.length; k++) {
                int sourceY = Math.min(Math.max(y + k - radius, 0), height - 1);
                float weight = kernel[k];
                int src = sourceY * width;
                for (int x = 0; x < width; x++) {
                    out[outRow + x] += weight * in[src + x];
                }
            }
        }
    }
}
