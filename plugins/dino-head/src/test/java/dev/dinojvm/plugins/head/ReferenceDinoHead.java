package dev.dinojvm.plugins.head;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-Java double-precision DINOHead, written from the reference PyTorch code and independent of
 * the code under test, to compute expected values.
 */
final class ReferenceDinoHead {

    /** One linear layer: weight[out][in], bias[out]. */
    record LinearLayer(double[][] weight, double[] bias) {}

    /** One BatchNorm1d; the running statistics are updated in place by a training forward. */
    record Norm(double[] weight, double[] bias, double[] runningMean, double[] runningVar) {}

    final List<LinearLayer> linears = new ArrayList<>();
    /** Empty without batch norm, else one per hidden layer. */
    final List<Norm> norms = new ArrayList<>();
    double[][] weightG; // [out][1]
    double[][] weightV; // [out][bottleneck]
    boolean tanhGelu; // to show that a test can tell the exact GELU from the tanh approximation

    double[][] forward(double[][] x, boolean training) {
        return lastLayer(normalize(bottleneck(x, training)));
    }

    double[][] bottleneck(double[][] x, boolean training) {
        double[][] h = x;
        for (int i = 0; i < linears.size(); i++) {
            h = linear(h, linears.get(i));
            if (i < linears.size() - 1) {
                if (!norms.isEmpty()) {
                    h = batchNorm(h, norms.get(i), training);
                }
                h = gelu(h);
            }
        }
        return h;
    }

    double[][] lastLayer(double[][] unit) {
        double[][] weight = new double[weightV.length][];
        for (int o = 0; o < weightV.length; o++) {
            double norm = Math.sqrt(dot(weightV[o], weightV[o]));
            weight[o] = new double[weightV[o].length];
            for (int j = 0; j < weightV[o].length; j++) {
                weight[o][j] = weightG[o][0] * weightV[o][j] / norm;
            }
        }
        return linear(unit, new LinearLayer(weight, new double[weight.length]));
    }

    static double[][] linear(double[][] x, LinearLayer layer) {
        double[][] y = new double[x.length][layer.weight().length];
        for (int b = 0; b < x.length; b++) {
            for (int o = 0; o < layer.weight().length; o++) {
                y[b][o] = dot(x[b], layer.weight()[o]) + layer.bias()[o];
            }
        }
        return y;
    }

    /** PyTorch BatchNorm1d, momentum 0.1, eps 1e-5; running variance updated with the unbiased estimate. */
    static double[][] batchNorm(double[][] x, Norm norm, boolean training) {
        int batch = x.length;
        int channels = x[0].length;
        double[][] y = new double[batch][channels];
        for (int c = 0; c < channels; c++) {
            double mean;
            double variance;
            if (training) {
                double sum = 0;
                for (double[] row : x) {
                    sum += row[c];
                }
                mean = sum / batch;
                double squares = 0;
                for (double[] row : x) {
                    squares += (row[c] - mean) * (row[c] - mean);
                }
                variance = squares / batch;
                norm.runningMean()[c] = 0.9 * norm.runningMean()[c] + 0.1 * mean;
                norm.runningVar()[c] = 0.9 * norm.runningVar()[c] + 0.1 * squares / (batch - 1);
            } else {
                mean = norm.runningMean()[c];
                variance = norm.runningVar()[c];
            }
            for (int b = 0; b < batch; b++) {
                y[b][c] = (x[b][c] - mean) / Math.sqrt(variance + 1e-5) * norm.weight()[c] + norm.bias()[c];
            }
        }
        return y;
    }

    double[][] gelu(double[][] x) {
        double[][] y = new double[x.length][];
        for (int b = 0; b < x.length; b++) {
            y[b] = new double[x[b].length];
            for (int i = 0; i < x[b].length; i++) {
                double v = x[b][i];
                y[b][i] = tanhGelu
                        ? 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)))
                        : 0.5 * v * (1 + erf(v / Math.sqrt(2)));
            }
        }
        return y;
    }

    static double[][] normalize(double[][] x) {
        double[][] y = new double[x.length][];
        for (int b = 0; b < x.length; b++) {
            double norm = Math.max(Math.sqrt(dot(x[b], x[b])), 1e-12);
            y[b] = new double[x[b].length];
            for (int i = 0; i < x[b].length; i++) {
                y[b][i] = x[b][i] / norm;
            }
        }
        return y;
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /**
     * erf by its everywhere-convergent series of positive terms, 2/√π · e^(-x²) · Σ 2ⁿ x^(2n+1) /
     * (1·3·…·(2n+1)), accurate to double precision for |x| < 6 (beyond, erf is ±1 in double).
     */
    static double erf(double x) {
        if (Math.abs(x) >= 6) {
            return Math.signum(x);
        }
        double term = x;
        double sum = x;
        for (int n = 1; Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
            term *= 2 * x * x / (2 * n + 1);
            sum += term;
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
    }
}
