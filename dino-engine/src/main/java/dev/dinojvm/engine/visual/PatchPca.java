package dev.dinojvm.engine.visual;

/**
 * The PCA picture of patch features (the DINOv2 paper's figure): a first PCA over the patch tokens of
 * all images separates foreground from background by thresholding the first component; a second PCA
 * over the foreground patches gives three components, min-max scaled over all images into RGB.
 * Background patches are black.
 */
public final class PatchPca {

    private static final int COLOURS = 3;

    private PatchPca() {}

    /**
     * The colours of each patch.
     *
     * @param colours per image, per patch (row-major grid), RGB in [0, 1]; black for background
     * @param foreground per image, per patch, whether it is foreground
     */
    public record Result(float[][][] colours, boolean[][] foreground) {}

    /**
     * @param tokens per image, its patch tokens {@code (P, D)} row-major; all images the same P and D
     * @param dim D
     * @param gridSide the patch grid side (P = side²), to orient the first component: the image border is taken as background
     * @param threshold patches whose first component (over its standard deviation) exceeds it are foreground
     * @return the colours and the foreground of every patch
     */
    public static Result compute(float[][] tokens, int dim, int gridSide, double threshold) {
        int patches = tokens[0].length / dim;
        boolean[][] all = new boolean[tokens.length][patches];
        for (boolean[] mask : all) {
            java.util.Arrays.fill(mask, true);
        }
        Components first = Components.fit(tokens, dim, all, 1);
        double[][] score = first.project(tokens, dim, 0);
        orientBorderNegative(score, gridSide);
        double spread = standardDeviation(score);
        boolean[][] foreground = new boolean[tokens.length][patches];
        int foregroundCount = 0;
        for (int i = 0; i < tokens.length; i++) {
            for (int p = 0; p < patches; p++) {
                foreground[i][p] = score[i][p] > threshold * spread;
                foregroundCount += foreground[i][p] ? 1 : 0;
            }
        }
        if (foregroundCount <= COLOURS) {
            foreground = all;
        }
        Components second = Components.fit(tokens, dim, foreground, COLOURS);
        float[][][] colours = new float[tokens.length][patches][COLOURS];
        for (int c = 0; c < COLOURS; c++) {
            double[][] component = second.project(tokens, dim, c);
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < tokens.length; i++) {
                for (int p = 0; p < patches; p++) {
                    if (foreground[i][p]) {
                        min = Math.min(min, component[i][p]);
                        max = Math.max(max, component[i][p]);
                    }
                }
            }
            double range = max > min ? max - min : 1;
            for (int i = 0; i < tokens.length; i++) {
                for (int p = 0; p < patches; p++) {
                    colours[i][p][c] = foreground[i][p] ? (float) ((component[i][p] - min) / range) : 0f;
                }
            }
        }
        return new Result(colours, foreground);
    }

    /** The sign of a principal component is arbitrary: make the border patches (mostly background) score low. */
    private static void orientBorderNegative(double[][] score, int side) {
        double border = 0;
        for (double[] image : score) {
            for (int p = 0; p < image.length; p++) {
                int row = p / side;
                int column = p % side;
                if (row == 0 || column == 0 || row == side - 1 || column == side - 1) {
                    border += image[p];
                }
            }
        }
        if (border > 0) {
            for (double[] image : score) {
                for (int p = 0; p < image.length; p++) {
                    image[p] = -image[p];
                }
            }
        }
    }

    private static double standardDeviation(double[][] score) {
        double sum = 0;
        double squares = 0;
        long count = 0;
        for (double[] image : score) {
            for (double value : image) {
                sum += value;
                squares += value * value;
                count++;
            }
        }
        double mean = sum / count;
        return Math.sqrt(Math.max(squares / count - mean * mean, 1e-24));
    }

    /** Principal components of the selected tokens: their mean and leading covariance eigenvectors. */
    private record Components(double[] mean, double[][] axes) {

        static Components fit(float[][] tokens, int dim, boolean[][] selected, int count) {
            double[] mean = new double[dim];
            long n = 0;
            for (int i = 0; i < tokens.length; i++) {
                for (int p = 0; p < selected[i].length; p++) {
                    if (selected[i][p]) {
                        for (int d = 0; d < dim; d++) {
                            mean[d] += tokens[i][p * dim + d];
                        }
                        n++;
                    }
                }
            }
            for (int d = 0; d < dim; d++) {
                mean[d] /= n;
            }
            double[] covariance = new double[dim * dim];
            double[] centred = new double[dim];
            for (int i = 0; i < tokens.length; i++) {
                for (int p = 0; p < selected[i].length; p++) {
                    if (!selected[i][p]) {
                        continue;
                    }
                    for (int d = 0; d < dim; d++) {
                        centred[d] = tokens[i][p * dim + d] - mean[d];
                    }
                    for (int r = 0; r < dim; r++) {
                        for (int c = r; c < dim; c++) {
                            covariance[r * dim + c] += centred[r] * centred[c];
                        }
                    }
                }
            }
            for (int r = 0; r < dim; r++) {
                for (int c = r; c < dim; c++) {
                    covariance[r * dim + c] /= n;
                    covariance[c * dim + r] = covariance[r * dim + c];
                }
            }
            return new Components(mean, SymmetricEigen.leading(covariance, dim, Math.min(count, dim)));
        }

        /** Every patch's coordinate along axis {@code axis}. */
        double[][] project(float[][] tokens, int dim, int axis) {
            double[][] out = new double[tokens.length][];
            for (int i = 0; i < tokens.length; i++) {
                int patches = tokens[i].length / dim;
                out[i] = new double[patches];
                for (int p = 0; p < patches; p++) {
                    double sum = 0;
                    for (int d = 0; d < dim; d++) {
                        sum += (tokens[i][p * dim + d] - mean[d]) * axes[axis][d];
                    }
                    out[i][p] = sum;
                }
            }
            return out;
        }
    }
}
