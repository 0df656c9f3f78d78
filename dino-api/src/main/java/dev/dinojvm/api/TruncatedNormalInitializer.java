package dev.dinojvm.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * timm's {@code trunc_normal_(tensor, mean=0, std, a, b)}: a normal distribution truncated to the
 * <em>absolute</em> bounds {@code [a, b]}, sampled by inverse CDF exactly as timm does.
 *
 * <p>DJL's own {@code TruncatedNormalInitializer} truncates at two standard deviations, which is a
 * different distribution. Shared by the standard plugins; DINO uses {@code std=0.02, a=-2, b=2}, i.e. practically an untruncated
 * {@code N(0, 0.02²)}.
 */
public final class TruncatedNormalInitializer implements Initializer {

    /** The initializer of DINO's tokens, positional embedding and linear weights. */
    public static final TruncatedNormalInitializer DINO = new TruncatedNormalInitializer(0.02, -2, 2);

    private final double std;
    private final double lower;
    private final double upper;

    /**
     * @param std standard deviation of the normal distribution (mean 0)
     * @param lower absolute lower bound a
     * @param upper absolute upper bound b
     */
    public TruncatedNormalInitializer(double std, double lower, double upper) {
        if (!(std > 0) || !(lower < upper)) {
            throw new IllegalArgumentException("need std > 0 and a < b, got std " + std + ", [" + lower + ", " + upper + "]");
        }
        this.std = std;
        this.lower = lower;
        this.upper = upper;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        double low = 2 * normalCdf(lower / std) - 1;
        double high = 2 * normalCdf(upper / std) - 1;
        try (NDManager scope = manager.newSubManager()) {
            NDArray uniform = scope.randomUniform((float) low, (float) high, shape, dataType);
            NDArray sample = uniform.erfinv().mul(std * Math.sqrt(2)).clip(lower, upper);
            sample.attach(manager);
            return sample;
        }
    }

    /** Standard normal CDF, {@code (1 + erf(x / √2)) / 2}. */
    static double normalCdf(double x) {
        return 0.5 * (1 + erf(x / Math.sqrt(2)));
    }

    /**
     * The error function (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7), which the JDK
     * lacks; it only places the sampling interval, so that precision is ample.
     */
    static double erf(double x) {
        double t = 1 / (1 + 0.3275911 * Math.abs(x));
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double value = 1 - poly * Math.exp(-x * x);
        return x >= 0 ? value : -value;
    }
}
