package dev.dinojvm.engine.visual;

/**
 * The leading eigenvectors of a symmetric positive semi-definite matrix (a covariance), by orthogonal
 * (subspace) iteration: repeated multiplication of k vectors by the matrix, re-orthonormalised each
 * time, until they stop turning. Enough for the few principal components of a PCA picture; DJL 0.36
 * has no eigen-decomposition.
 */
final class SymmetricEigen {

    private static final int MAX_ITERATIONS = 1000;
    /** Largest change of any vector entry between iterations at which they count as converged. */
    private static final double TOLERANCE = 1e-13;

    private SymmetricEigen() {}

    /**
     * @param matrix symmetric positive semi-definite, n x n, row-major
     * @param n its side
     * @param k how many eigenvectors, at most n
     * @return k unit eigenvectors of n values each, for the largest eigenvalues first; each oriented so its
     *     largest-magnitude entry is positive
     */
    static double[][] leading(double[] matrix, int n, int k) {
        double[][] vectors = new double[k][n];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                // A fixed, generic start: not orthogonal to any eigenvector in practice.
                vectors[j][i] = Math.sin(1.0 + i * (j + 1.618)) + (i == j ? 1 : 0);
            }
        }
        orthonormalise(vectors);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[][] next = new double[k][];
            for (int j = 0; j < k; j++) {
                next[j] = multiply(matrix, n, vectors[j]);
            }
            orthonormalise(next);
            double change = 0;
            for (int j = 0; j < k; j++) {
                double sign = Math.signum(dot(next[j], vectors[j]));
                for (int i = 0; i < n; i++) {
                    change = Math.max(change, Math.abs(next[j][i] - sign * vectors[j][i]));
                }
            }
            vectors = next;
            if (change < TOLERANCE) {
                break;
            }
        }
        for (double[] vector : vectors) {
            orient(vector);
        }
        return vectors;
    }

    private static double[] multiply(double[] matrix, int n, double[] vector) {
        double[] out = new double[n];
        for (int r = 0; r < n; r++) {
            double sum = 0;
            for (int c = 0; c < n; c++) {
                sum += matrix[r * n + c] * vector[c];
            }
            out[r] = sum;
        }
        return out;
    }

    /** Modified Gram-Schmidt, in order: vector j keeps the direction left after removing vectors 0..j-1. */
    private static void orthonormalise(double[][] vectors) {
        for (int j = 0; j < vectors.length; j++) {
            for (int i = 0; i < j; i++) {
                double projection = dot(vectors[j], vectors[i]);
                for (int d = 0; d < vectors[j].length; d++) {
                    vectors[j][d] -= projection * vectors[i][d];
                }
            }
            double norm = Math.sqrt(dot(vectors[j], vectors[j]));
            for (int d = 0; d < vectors[j].length; d++) {
                vectors[j][d] = norm > 0 ? vectors[j][d] / norm : 0;
            }
        }
    }

    private static void orient(double[] vector) {
        int largest = 0;
        for (int i = 1; i < vector.length; i++) {
            if (Math.abs(vector[i]) > Math.abs(vector[largest])) {
                largest = i;
            }
        }
        if (vector[largest] < 0) {
            for (int i = 0; i < vector.length; i++) {
                vector[i] = -vector[i];
            }
        }
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
