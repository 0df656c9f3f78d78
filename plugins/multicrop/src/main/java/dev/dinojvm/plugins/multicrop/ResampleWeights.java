package dev.dinojvm.plugins.multicrop;

import java.util.Arrays;

/**
 * A linear map along one axis where each output sample is a weighted sum of a run of input samples:
 * output {@code i} is {@code sum_k weights[i * taps + k] * in[first[i] + k]} for {@code k < count[i]}.
 * Used for Pillow's bicubic resize and for the Gaussian blur.
 *
 * @param taps stride between the weights of consecutive outputs
 * @param first first input index of each output
 * @param count number of inputs of each output
 * @param weights the weights, {@code taps} per output
 */
record ResampleWeights(int taps, int[] first, int[] count, float[] weights) {

    /** Pillow's BICUBIC support: the cubic kernel is non-zero on (-2, 2). */
    static final double BICUBIC_SUPPORT = 2.0;

    /**
     * The weights of Pillow's {@code precompute_coeffs} (Resample.c) for its BICUBIC filter. When
     * downscaling, the kernel is stretched by the scale factor (its support widens), which is what makes
     * Pillow's resize antialias.
     *
     * @param inSize number of input samples (the crop's extent along this axis)
     * @param outSize number of output samples
     * @return the normalised bicubic weights mapping the one to the other
     */
    static ResampleWeights bicubic(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = BICUBIC_SUPPORT * filterScale;
        int taps = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        float[] weights = new float[outSize * taps];
        double[] raw = new double[taps];
        for (int i = 0; i < outSize; i++) {
            double center = (i + 0.5) * scale;
            // (int) truncates like Pillow's C cast; negatives are clamped to 0 right after anyway.
            int min = Math.max((int) (center - support + 0.5), 0);
            int max = Math.min((int) (center + support + 0.5), inSize);
            int n = max - min;
            double sum = 0;
            for (int k = 0; k < n; k++) {
                raw[k] = cubic((k + min - center + 0.5) / filterScale);
                sum += raw[k];
            }
            for (int k = 0; k < n; k++) {
                weights[i * taps + k] = (float) (sum != 0 ? raw[k] / sum : raw[k]);
            }
            first[i] = min;
            count[i] = n;
        }
        return new ResampleWeights(taps, first, count, weights);
    }

    /**
     * A convolution with {@code kernel} (odd length, centred) over {@code size} samples, the samples
     * beyond either end taken equal to the end sample: the weight of every tap that falls outside is
     * added to the end sample's.
     *
     * @param size number of samples, in and out
     * @param kernel the convolution kernel
     * @return the weights
     */
    static ResampleWeights convolution(int size, float[] kernel) {
        int radius = kernel.length / 2;
        int taps = kernel.length;
        int[] first = new int[size];
        int[] count = new int[size];
        float[] weights = new float[size * taps];
        for (int i = 0; i < size; i++) {
            first[i] = Math.max(0, i - radius);
            count[i] = Math.min(size - 1, i + radius) - first[i] + 1;
            for (int k = 0; k < taps; k++) {
                int source = Math.min(Math.max(i + k - radius, 0), size - 1);
                weights[i * taps + source - first[i]] += kernel[k];
            }
        }
        return new ResampleWeights(taps, first, count, weights);
    }

    /** Keys' cubic convolution kernel with a = -0.5, as Pillow's {@code bicubic_filter}. */
    static double cubic(double x) {
        final double a = -0.5;
        double t = Math.abs(x);
        if (t < 1.0) {
            return ((a + 2.0) * t - (a + 3.0)) * t * t + 1;
        }
        if (t < 2.0) {
            return (((t - 5) * t + 8) * t - 4) * a;
        }
        return 0.0;
    }

    /**
     * Applies the map to whole lines at once: output line {@code i} is the weighted sum of input lines
     * {@code first[i] .. first[i] + count[i] - 1}, clipped to [0, 1] (as Pillow clips each pass to 8
     * bits). Lines are separate arrays indexed alike, so the JIT vectorises the inner loop (it does not
     * vectorise a sum across two slices of one array at different offsets, which might overlap).
     *
     * @param in input lines, all of one length
     * @param out output lines, as many as this map has outputs, of the same length as the inputs
     */
    void apply(float[][] in, float[][] out) {
        apply(in, out, out[0].length);
    }

    /** {@link #apply(float[][], float[][])} on the first {@code length} elements of each line; {@code out} may have more lines than outputs. */
    void apply(float[][] in, float[][] out, int length) {
        if (VectorSupport.AVAILABLE) {
            VectorKernels.resample(this, in, 0, 0, out, length);
        } else {
            applyScalar(in, out, length);
        }
    }

    /** {@link #apply} one tap at a time, as the JIT vectorises it. */
    void applyScalar(float[][] in, float[][] out) {
        applyScalar(in, out, out[0].length);
    }

    /** {@link #applyScalar(float[][], float[][])} on the first {@code length} elements of each line. */
    void applyScalar(float[][] in, float[][] out, int length) {
        for (int i = 0; i < first.length; i++) {
            float[] sum = out[i];
            Arrays.fill(sum, 0, length, 0f);
            for (int k = 0; k < count[i]; k++) {
                float weight = weights[i * taps + k];
                float[] line = in[first[i] + k];
                for (int j = 0; j < length; j++) {
                    sum[j] += weight * line[j];
                }
            }
            for (int j = 0; j < length; j++) {
                sum[j] = Math.max(0f, Math.min(1f, sum[j]));
            }
        }
    }
}
