package dev.dinojvm.engine.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Random;

/**
 * Times {@link CosineSearch} over a random index: building it (normalising the rows), one query, and
 * a batch of queries, each the median of several runs.
 */
public final class SearchBenchmark {

    private static final int RUNS = 5;
    private static final int BATCH = 32;

    private SearchBenchmark() {}

    /**
     * @param manager where the index lives (its device)
     * @param rows index rows N
     * @param dim feature dimension D
     * @param k neighbours per query
     * @param out where the figures go
     */
    public static void run(NDManager manager, int rows, int dim, int k, PrintStream out) {
        Random random = new Random(0);
        float[][] queries = new float[BATCH][dim];
        for (float[] query : queries) {
            for (int d = 0; d < dim; d++) {
                query[d] = (float) random.nextGaussian();
            }
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray index = scope.randomNormal(new Shape(rows, dim));
            long buildStart = System.nanoTime();
            try (CosineSearch search = new CosineSearch(scope, index)) {
                double buildMs = (System.nanoTime() - buildStart) / 1e6;
                index.close();
                search.search(queries, k); // warm-up
                double single = median(() -> search.search(new float[][] {queries[0]}, k));
                double batch = median(() -> search.search(queries, k));
                out.printf("brute-force cosine search, %d x %d float32 index on %s, top %d:%n", rows, dim, manager.getDevice(), k);
                out.printf("  normalising the index: %.0f ms%n", buildMs);
                out.printf("  one query: %.1f ms (median of %d)%n", single, RUNS);
                out.printf("  %d queries at once: %.1f ms, %.1f ms per query (median of %d)%n", BATCH, batch, batch / BATCH, RUNS);
            }
        }
    }

    private static double median(Runnable work) {
        double[] times = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            work.run();
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(times);
        return times[RUNS / 2];
    }
}
