package dev.dinojvm.plugins.vit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-dimensional bicubic resampling as a matrix, with the semantics of PyTorch's {@code
 * F.interpolate(x, scale_factor=s, mode='bicubic', align_corners=False)}.
 *
 * <p>Hand-built rather than DJL's {@code resize}/{@code interpolation}, which only take an output
 * size (and whose bicubic mode, as observed with DJL 0.36, is the antialiased PIL-style filter): with
 * a {@code scale_factor} torch maps output index {@code i} to the source coordinate {@code (i + 0.5)
 * / s - 0.5} with the given {@code s}, not with {@code in / out}, and DINO relies on that (its {@code
 * +0.1} on the scale). As a constant matrix applied with {@code matMul}, the
 * resampling is also differentiable, so the positional embedding it resamples keeps learning from
 * local crops.
 */
public final class BicubicResampling {

    /** The cubic convolution constant torch uses. */
    static final float A = -0.75f;

    private record Key(int in, int out, double scale) {}

    private static final Map<Key, float[]> CACHE = new ConcurrentHashMap<>();

    private BicubicResampling() {}

    /**
     * @param in input length
     * @param scale the scale factor
     * @return {@code floor(in * scale)}, the output length torch gives for that scale factor
     */
    public static int outputSize(int in, double scale) {
        return (int) Math.floor(in * scale);
    }

    /**
     * The resampling weights: output {@code i} is {@code sum_j m[i * in + j] * input[j]}. Cached per
     * {@code (in, out, scale)}; do not modify the returned array.
     *
     * @param in input length
     * @param out output length, normally {@link #outputSize(int, double)}
     * @param scale the scale factor given to torch
     * @return the row-major {@code out x in} matrix
     */
    public static float[] matrix(int in, int out, double scale) {
        return CACHE.computeIfAbsent(new Key(in, out, scale), k -> build(in, out, scale));
    }

    /** Mirrors ATen's CPU kernel, computed in float as torch does for float tensors. */
    private static float[] build(int in, int out, double scale) {
        float[] m = new float[out * in];
        float inverseScale = (float) (1.0 / scale);
        float[] coefficients = new float[4];
        for (int i = 0; i < out; i++) {
            float source = inverseScale * (i + 0.5f) - 0.5f;
            // guard_index_and_lambda: the index may be -1 on the left; the taps are clamped below
            int index = Math.min((int) Math.floor(source), in - 1);
            float t = Math.min(Math.max(source - index, 0f), 1f);
            cubicCoefficients(t, coefficients);
            for (int tap = 0; tap < 4; tap++) {
                int column = Math.max(Math.min(index - 1 + tap, in - 1), 0);
                m[i * in + column] += coefficients[tap];
            }
        }
        return m;
    }

    /** The four tap weights at offsets -1, 0, 1, 2 for a fractional position {@code t}. */
    private static void cubicCoefficients(float t, float[] coefficients) {
        coefficients[0] = farTap(t + 1);
        coefficients[1] = nearTap(t);
        coefficients[2] = nearTap(1 - t);
        coefficients[3] = farTap(2 - t);
    }

    /** The cubic convolution kernel for {@code |x| <= 1}. */
    private static float nearTap(float x) {
        return ((A + 2) * x - (A + 3)) * x * x + 1;
    }

    /** The cubic convolution kernel for {@code 1 < |x| < 2}. */
    private static float farTap(float x) {
        return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
    }
}
