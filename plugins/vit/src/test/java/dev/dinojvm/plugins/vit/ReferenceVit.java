package dev.dinojvm.plugins.vit;

import java.util.Map;

/**
 * An independent, plain-Java, double-precision transcription of the official DINO {@code
 * VisionTransformer.forward} (no drop path), with loops in place of tensor ops, for golden tests.
 * Parameters are given by their state-dict names, flattened row-major in PyTorch's shapes. Shared with
 * the end-to-end tests through this module's test jar.
 */
public final class ReferenceVit {

    private final Map<String, float[]> p;
    private final int dim;
    private final int depth;
    private final int heads;
    private final int patch;
    private final int grid;
    private final int hidden;

    /**
     * @param parameters state-dict name to values
     * @param dim embedding dimension
     * @param depth blocks
     * @param heads attention heads
     * @param patch patch side
     * @param imageSize side of the positional grid's images
     * @param hidden MLP hidden dimension
     */
    public ReferenceVit(Map<String, float[]> parameters, int dim, int depth, int heads, int patch, int imageSize, int hidden) {
        this.p = parameters;
        this.dim = dim;
        this.depth = depth;
        this.heads = heads;
        this.patch = patch;
        this.grid = imageSize / patch;
        this.hidden = hidden;
    }

    /** One image (3, H, W) to its CLS feature (D). */
    public double[] features(double[][][] image) {
        double[][] x = prepareTokens(image);
        for (int b = 0; b < depth; b++) {
            x = block(b, x, null);
        }
        return layerNorm(x[0], "norm");
    }

    /** One image to the last block's attention probabilities (heads, N, N). */
    double[][][] lastSelfAttention(double[][][] image) {
        double[][] x = prepareTokens(image);
        for (int b = 0; b < depth - 1; b++) {
            x = block(b, x, null);
        }
        double[][][] attention = new double[heads][][];
        block(depth - 1, x, attention);
        return attention;
    }

    private double[][] prepareTokens(double[][][] image) {
        int height = image[0].length;
        int width = image[0][0].length;
        int rows = height / patch;
        int cols = width / patch;
        double[][] x = new double[1 + rows * cols][dim];
        float[] cls = p.get("cls_token");
        for (int d = 0; d < dim; d++) {
            x[0][d] = cls[d];
        }
        float[] w = p.get("patch_embed.proj.weight");
        float[] bias = p.get("patch_embed.proj.bias");
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                for (int d = 0; d < dim; d++) {
                    double sum = bias[d];
                    for (int ch = 0; ch < 3; ch++) {
                        for (int i = 0; i < patch; i++) {
                            for (int j = 0; j < patch; j++) {
                                sum += w[((d * 3 + ch) * patch + i) * patch + j] * image[ch][r * patch + i][c * patch + j];
                            }
                        }
                    }
                    x[1 + r * cols + c][d] = sum;
                }
            }
        }
        double[][] pos = positionalEmbedding(rows, cols, height == width);
        for (int t = 0; t < x.length; t++) {
            for (int d = 0; d < dim; d++) {
                x[t][d] += pos[t][d];
            }
        }
        return x;
    }

    /** interpolate_pos_encoding, with a loop bicubic upsampling of the (D, grid, grid) embedding. */
    private double[][] positionalEmbedding(int rows, int cols, boolean square) {
        float[] pos = p.get("pos_embed");
        int n = grid * grid;
        if (rows * cols == n && square) {
            double[][] out = new double[1 + n][dim];
            for (int t = 0; t <= n; t++) {
                for (int d = 0; d < dim; d++) {
                    out[t][d] = pos[t * dim + d];
                }
            }
            return out;
        }
        double[][][] image = new double[dim][grid][grid];
        for (int t = 0; t < n; t++) {
            for (int d = 0; d < dim; d++) {
                image[d][t / grid][t % grid] = pos[(1 + t) * dim + d];
            }
        }
        double[][] out = new double[1 + rows * cols][dim];
        for (int d = 0; d < dim; d++) {
            out[0][d] = pos[d];
            double[][] resampled = torchBicubic(image[d], (rows + 0.1) / grid, (cols + 0.1) / grid);
            if (resampled.length != rows || resampled[0].length != cols) {
                throw new AssertionError("reference resampled to " + resampled.length + "x" + resampled[0].length);
            }
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    out[1 + r * cols + c][d] = resampled[r][c];
                }
            }
        }
        return out;
    }

    /**
     * F.interpolate(mode='bicubic', align_corners=False, scale_factor=(sy, sx)) on one channel: output
     * size floor(in * s), source coordinate (dst + 0.5) / s - 0.5, Keys kernel with A = -0.75 over the
     * 4x4 neighbours floor(src)-1 .. floor(src)+2, neighbour indices clamped to the border.
     */
    static double[][] torchBicubic(double[][] in, double scaleY, double scaleX) {
        int inH = in.length;
        int inW = in[0].length;
        int outH = (int) Math.floor(inH * scaleY);
        int outW = (int) Math.floor(inW * scaleX);
        double[][] out = new double[outH][outW];
        for (int oy = 0; oy < outH; oy++) {
            double sy = (oy + 0.5) / scaleY - 0.5;
            int fy = (int) Math.floor(sy);
            for (int ox = 0; ox < outW; ox++) {
                double sx = (ox + 0.5) / scaleX - 0.5;
                int fx = (int) Math.floor(sx);
                double sum = 0;
                for (int jy = fy - 1; jy <= fy + 2; jy++) {
                    for (int jx = fx - 1; jx <= fx + 2; jx++) {
                        int cy = Math.max(0, Math.min(inH - 1, jy));
                        int cx = Math.max(0, Math.min(inW - 1, jx));
                        sum += keys(sy - jy) * keys(sx - jx) * in[cy][cx];
                    }
                }
                out[oy][ox] = sum;
            }
        }
        return out;
    }

    /** The Keys cubic convolution kernel with A = -0.75. */
    static double keys(double distance) {
        double a = -0.75;
        double x = Math.abs(distance);
        if (x <= 1) {
            return (a + 2) * x * x * x - (a + 3) * x * x + 1;
        }
        if (x < 2) {
            return a * x * x * x - 5 * a * x * x + 8 * a * x - 4 * a;
        }
        return 0;
    }

    /** Pre-norm block; fills {@code attentionOut} with the softmax probabilities when non-null. */
    private double[][] block(int b, double[][] x, double[][][] attentionOut) {
        String prefix = "blocks." + b + ".";
        int n = x.length;
        double[][] h = new double[n][];
        for (int t = 0; t < n; t++) {
            h[t] = layerNorm(x[t], prefix + "norm1");
        }
        double[][] qkv = new double[n][];
        for (int t = 0; t < n; t++) {
            qkv[t] = linear(h[t], prefix + "attn.qkv", 3 * dim, dim);
        }
        int hd = dim / heads;
        double scale = Math.pow(hd, -0.5);
        double[][] merged = new double[n][dim];
        for (int head = 0; head < heads; head++) {
            double[][] probabilities = new double[n][n];
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    double dot = 0;
                    for (int e = 0; e < hd; e++) {
                        // qkv feature index: (which * heads + head) * hd + e, as reshape(B, N, 3, heads, hd)
                        dot += qkv[i][head * hd + e] * qkv[j][(heads + head) * hd + e];
                    }
                    probabilities[i][j] = dot * scale;
                    max = Math.max(max, probabilities[i][j]);
                }
                double total = 0;
                for (int j = 0; j < n; j++) {
                    probabilities[i][j] = Math.exp(probabilities[i][j] - max);
                    total += probabilities[i][j];
                }
                for (int j = 0; j < n; j++) {
                    probabilities[i][j] /= total;
                }
                for (int e = 0; e < hd; e++) {
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        sum += probabilities[i][j] * qkv[j][(2 * heads + head) * hd + e];
                    }
                    merged[i][head * hd + e] = sum;
                }
            }
            if (attentionOut != null) {
                attentionOut[head] = probabilities;
            }
        }
        double[][] y = new double[n][];
        for (int t = 0; t < n; t++) {
            double[] attended = linear(merged[t], prefix + "attn.proj", dim, dim);
            y[t] = new double[dim];
            for (int d = 0; d < dim; d++) {
                y[t][d] = x[t][d] + attended[d];
            }
            double[] fc1 = linear(layerNorm(y[t], prefix + "norm2"), prefix + "mlp.fc1", hidden, dim);
            for (int k = 0; k < hidden; k++) {
                fc1[k] = 0.5 * fc1[k] * (1 + erf(fc1[k] / Math.sqrt(2)));
            }
            double[] fc2 = linear(fc1, prefix + "mlp.fc2", dim, hidden);
            for (int d = 0; d < dim; d++) {
                y[t][d] += fc2[d];
            }
        }
        return y;
    }

    private double[] linear(double[] in, String name, int out, int inDim) {
        float[] w = p.get(name + ".weight");
        float[] bias = p.get(name + ".bias");
        double[] result = new double[out];
        for (int o = 0; o < out; o++) {
            double sum = bias[o];
            for (int i = 0; i < inDim; i++) {
                sum += w[o * inDim + i] * in[i];
            }
            result[o] = sum;
        }
        return result;
    }

    private double[] layerNorm(double[] in, String name) {
        float[] w = p.get(name + ".weight");
        float[] bias = p.get(name + ".bias");
        double mean = 0;
        for (double v : in) {
            mean += v;
        }
        mean /= in.length;
        double variance = 0;
        for (double v : in) {
            variance += (v - mean) * (v - mean);
        }
        variance /= in.length;
        double[] out = new double[in.length];
        for (int d = 0; d < in.length; d++) {
            out[d] = (in[d] - mean) / Math.sqrt(variance + 1e-6) * w[d] + bias[d];
        }
        return out;
    }

    /** erf to double precision: Taylor series below 3, Lentz continued fraction of erfc above. */
    static double erf(double x) {
        double ax = Math.abs(x);
        double value;
        if (ax < 3) {
            double term = ax;
            double sum = ax;
            for (int k = 1; k < 200 && Math.abs(term) > 1e-17; k++) {
                term *= -ax * ax / k;
                sum += term / (2 * k + 1);
            }
            value = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            // erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
            double fraction = ax;
            for (int k = 60; k >= 1; k--) {
                fraction = ax + (k / 2.0) / fraction;
            }
            value = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / fraction;
        }
        return x < 0 ? -value : value;
    }
}
