package dev.dinojvm.engine.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Weighted k-nearest-neighbour classification, as {@code knn_classifier} of the official {@code
 * eval_knn.py}: features are L2-normalised; each query's k most cosine-similar training features
 * vote for their class with weight {@code exp(similarity / T)}; classes are ranked by their summed
 * votes; top-1 counts queries whose best class is right, top-5 those whose class is among the first
 * {@code min(5, k)}.
 *
 * <p>Ties. The neighbours come from libtorch's {@code topk} (through DJL's {@link NDArray#topK}), as
 * in the reference, so equal similarities are resolved exactly as {@code torch.topk} resolves them.
 * Classes with equal scores (in practice: classes without votes) are ranked by ascending class index,
 * a stable order; the reference's {@code sort(descending=True)} leaves their order unspecified.
 */
public final class KnnClassifier {

    /** Queries per similarity matrix, as the reference's chunks: bounds memory for large banks. */
    private static final int CHUNK = 100;

    private final int k;
    private final double temperature;

    /**
     * @param k neighbours per query
     * @param temperature T of the vote weights {@code exp(similarity / T)}
     */
    public KnnClassifier(int k, double temperature) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("the temperature must be positive, got " + temperature);
        }
        this.k = k;
        this.temperature = temperature;
    }

    /**
     * Classifies the test features against the training features.
     *
     * @param train training (bank) features, one row per image
     * @param trainLabels their classes in {@code [0, classes)}
     * @param test query features, same dimension
     * @param testLabels their true classes
     * @param classes number of classes
     * @param manager where the similarity computation runs (its device); arrays are closed on return
     * @return the accuracies
     * @throws IllegalArgumentException when k exceeds the bank or the inputs disagree
     */
    public KnnResult classify(float[][] train, int[] trainLabels, float[][] test, int[] testLabels, int classes,
            NDManager manager) {
        if (train.length != trainLabels.length || test.length != testLabels.length) {
            throw new IllegalArgumentException("features and labels differ in count");
        }
        if (k > train.length) {
            throw new IllegalArgumentException("k (" + k + ") exceeds the number of training images (" + train.length + ")");
        }
        if (test.length == 0) {
            throw new IllegalArgumentException("no test images");
        }
        int top5 = Math.min(5, k);
        int correct1 = 0;
        int correct5 = 0;
        try (NDManager scope = manager.newSubManager()) {
            NDArray bankT = normalised(scope, train).transpose();
            for (int start = 0; start < test.length; start += CHUNK) {
                int n = Math.min(CHUNK, test.length - start);
                try (NDManager chunk = scope.newSubManager()) {
                    NDArray queries = normalised(chunk, Arrays.copyOfRange(test, start, start + n));
                    NDList nearest = queries.matMul(bankT).topK(k, 1, true, true);
                    float[] similarities = nearest.get(0).toFloatArray();
                    long[] indices = nearest.get(1).toLongArray();
                    for (int q = 0; q < n; q++) {
                        double[] scores = new double[classes];
                        for (int j = 0; j < k; j++) {
                            int neighbour = (int) indices[q * k + j];
                            scores[trainLabels[neighbour]] += Math.exp(similarities[q * k + j] / temperature);
                        }
                        int rank = rankOf(testLabels[start + q], scores);
                        correct1 += rank == 0 ? 1 : 0;
                        correct5 += rank < top5 ? 1 : 0;
                    }
                }
            }
        }
        return new KnnResult(k, temperature, train.length, test.length,
                100.0 * correct1 / test.length, 100.0 * correct5 / test.length);
    }

    /** @return the position of {@code label} when classes are sorted by descending score, ties by index */
    static int rankOf(int label, double[] scores) {
        int rank = 0;
        for (int c = 0; c < scores.length; c++) {
            if (scores[c] > scores[label] || (scores[c] == scores[label] && c < label)) {
                rank++;
            }
        }
        return rank;
    }

    /** Rows divided by their L2 norm, as {@code nn.functional.normalize(dim=1)} (eps 1e-12). */
    private static NDArray normalised(NDManager manager, float[][] rows) {
        int dim = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != dim) {
                throw new IllegalArgumentException("feature rows differ in length: " + rows[i].length + " and " + dim);
            }
            System.arraycopy(rows[i], 0, flat, i * dim, dim);
        }
        NDArray x = manager.create(flat, new Shape(rows.length, dim));
        return x.div(x.norm(new int[] {1}, true).maximum(1e-12f));
    }
}
