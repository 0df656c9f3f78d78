package dev.dinojvm.engine.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Brute-force nearest neighbours by cosine similarity: the index rows are L2-normalised once, on the
 * index's device; each batch of queries is normalised and multiplied with them, and the top K kept.
 */
public final class CosineSearch implements AutoCloseable {

    /** Queries per matrix product: bounds the (queries, rows) similarity matrix. */
    private static final int QUERY_BATCH = 32;

    private final NDManager manager;
    private final NDArray index;

    /**
     * One neighbour.
     *
     * @param row its row in the index
     * @param similarity its cosine similarity with the query
     */
    public record Hit(int row, float similarity) {}

    /**
     * @param parent the manager whose device holds the index
     * @param rows the index {@code (N, D)}; it is normalised into a copy of this search's own
     */
    public CosineSearch(NDManager parent, NDArray rows) {
        this.manager = parent.newSubManager();
        this.index = normalize(rows);
        index.attach(manager);
    }

    /**
     * @param parent the manager whose device holds the index
     * @param values the index, row-major
     * @param dim D
     * @return a search over {@code values.length / dim} rows
     */
    public static CosineSearch of(NDManager parent, float[] values, int dim) {
        try (NDManager scope = parent.newSubManager()) {
            return new CosineSearch(parent, scope.create(values, new Shape(values.length / dim, dim)));
        }
    }

    /** @return the number of indexed rows */
    public long size() {
        return index.getShape().get(0);
    }

    /**
     * @param queries {@code (Q, D)} features, not necessarily normalised
     * @param k neighbours per query (at most the index size)
     * @return per query, its {@code k} most similar rows, most similar first
     */
    public List<List<Hit>> search(float[][] queries, int k) {
        int dim = (int) index.getShape().get(1);
        int top = (int) Math.min(k, size());
        List<List<Hit>> results = new ArrayList<>(queries.length);
        for (int start = 0; start < queries.length; start += QUERY_BATCH) {
            int n = Math.min(QUERY_BATCH, queries.length - start);
            float[] flat = new float[n * dim];
            for (int i = 0; i < n; i++) {
                System.arraycopy(queries[start + i], 0, flat, i * dim, dim);
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray similarities = normalize(scope.create(flat, new Shape(n, dim))).matMul(index.transpose());
                NDList best = similarities.topK(top, 1, true, true);
                float[] values = best.get(0).toFloatArray();
                long[] rows = best.get(1).toLongArray();
                for (int i = 0; i < n; i++) {
                    List<Hit> hits = new ArrayList<>(top);
                    for (int j = 0; j < top; j++) {
                        hits.add(new Hit((int) rows[i * top + j], values[i * top + j]));
                    }
                    results.add(hits);
                }
            }
        }
        return results;
    }

    /** {@code F.normalize(x, dim=1)}: each row divided by its L2 norm, at least 1e-12. */
    private static NDArray normalize(NDArray rows) {
        NDArray norms = rows.norm(new int[] {1}, true);
        return rows.div(norms.maximum(1e-12f));
    }

    @Override
    public void close() {
        manager.close();
    }
}
