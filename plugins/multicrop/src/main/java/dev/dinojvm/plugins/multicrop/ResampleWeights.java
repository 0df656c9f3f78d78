package dev.dinojvm.plugins.multicrop;

/**
 * The resampling weights of one axis, computed as Pillow's {@code precompute_coeffs} (Resample.c) does
 * for its BICUBIC filter: output sample {@code i} is {@code sum_k weights[i * taps + k] * in[first[i] + k]}
 * for {@code k < count[i]}.
 *
 * <p>When downscaling, the kernel is stretched by the scale factor (its support widens), which is what
 * makes Pillow's resize antialias.
 *
 * @param taps stride between the weights of consecutive outputs
 * @param first first input index of each output
 * @param count number of inputs of each output
 * @param weights normalised weights, {@code taps} per output
 */
record ResampleWeights(int taps, int[] first, int[] count, float[] weights) {

    /** Pillow's BICUBIC support: the cubic kernel is non-zero on (-2, 2). */
    static final double BICUBIC_SUPPORT = 2.0;

    /**
     * @param inSize number of input samples (the crop's extent along this axis)
     * @param outSize number of output samples
     * @return the bicubic weights mapping the one to the other
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
}
