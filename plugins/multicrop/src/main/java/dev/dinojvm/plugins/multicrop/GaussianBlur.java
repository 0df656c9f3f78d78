package dev.dinojvm.plugins.multicrop;

import java.util.Arrays;

/**
 * A separable Gaussian blur with radius {@code ceil(3 sigma)} and edge-replicated borders, for DINO's
 * {@code GaussianBlur}, which calls Pillow's {@code ImageFilter.GaussianBlur(radius=sigma)}.
 *
 * <p>Pillow approximates the Gaussian with three extended box blurs, so its pixels differ slightly
 * from this true Gaussian of the same standard deviation.
 *
 * <p>Each pass is written as one long {@code out[i] += w * in[i + shift]} per kernel tap over the whole
 * plane, which the JIT vectorises; the few pixels within the radius of an edge, where that shifted read
 * wraps to another row or leaves the plane, are then recomputed with clamped coordinates.
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
        int plane = height * width;
        float[] rowsBlurred = new float[plane];
        for (int offset = 0; offset < planes.length; offset += plane) {
            blurRows(planes, offset, height, width, kernel, rowsBlurred);
            blurColumns(rowsBlurred, height, width, kernel, planes, offset);
        }
    }

    private static void blurRows(float[] in, int offset, int height, int width, float[] kernel, float[] out) {
        int radius = kernel.length / 2;
        int plane = height * width;
        Arrays.fill(out, 0f);
        for (int k = 0; k < kernel.length; k++) {
            shiftedAdd(in, offset, out, plane, k - radius, kernel[k]);
        }
        for (int y = 0; y < height; y++) {
            int row = offset + y * width;
            for (int x = 0; x < width; x++) {
                if (x == radius && width - radius > radius) {
                    x = width - radius; // skip the interior, already right
                }
                float sum = 0f;
                for (int k = 0; k < kernel.length; k++) {
                    int sourceX = Math.min(Math.max(x + k - radius, 0), width - 1);
                    sum += kernel[k] * in[row + sourceX];
                }
                out[y * width + x] = sum;
            }
        }
    }

    private static void blurColumns(float[] in, int height, int width, float[] kernel, float[] out, int offset) {
        int radius = kernel.length / 2;
        int plane = height * width;
        float[] target = new float[plane];
        for (int k = 0; k < kernel.length; k++) {
            shiftedAdd(in, 0, target, plane, (k - radius) * width, kernel[k]);
        }
        for (int y = 0; y < height; y++) {
            if (y == radius && height - radius > radius) {
                y = height - radius; // skip the interior rows, already right
            }
            int row = y * width;
            Arrays.fill(target, row, row + width, 0f);
            for (int k = 0; k < kernel.length; k++) {
                int source = Math.min(Math.max(y + k - radius, 0), height - 1) * width;
                float weight = kernel[k];
                for (int x = 0; x < width; x++) {
                    target[row + x] += weight * in[source + x];
                }
            }
        }
        System.arraycopy(target, 0, out, offset, plane);
    }

    /** {@code out[i] += weight * in[inOffset + i + shift]} for every i where the read stays in the plane. */
    private static void shiftedAdd(float[] in, int inOffset, float[] out, int length, int shift, float weight) {
        int from = Math.max(0, -shift);
        int to = Math.min(length, length - shift);
        int source = inOffset + shift;
        for (int i = from; i < to; i++) {
            out[i] += weight * in[source + i];
        }
    }
}
