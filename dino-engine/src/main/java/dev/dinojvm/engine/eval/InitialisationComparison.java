package dev.dinojvm.engine.eval;

import dev.dinojvm.engine.metrics.DemoComparisonMetrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What training added, measured at the end of a run: the k-NN top-1 of the trained network next to that
 * of the same network at its random initialisation and that of the raw pixels (a reference without any
 * network), all three on the same bank and queries.
 */
public final class InitialisationComparison {

    /** Side above which the raw pixels are averaged down: 224-px rows of 150,528 values would not fit a large bank in memory. */
    static final int RAW_PIXELS_MAX_SIDE = 64;

    /**
     * The raw-pixel "network": each normalised image {@code (3, S, S)} flattened into one feature row,
     * averaged over f × f blocks first when S > {@value #RAW_PIXELS_MAX_SIDE} (f = ⌈S / 64⌉).
     */
    static final UnaryOperator<NDArray> RAW_PIXELS = images -> {
        long side = images.getShape().get(2);
        NDArray pooled = images;
        if (side > RAW_PIXELS_MAX_SIDE) {
            long f = (side + RAW_PIXELS_MAX_SIDE - 1) / RAW_PIXELS_MAX_SIDE;
            pooled = Pool.avgPool2d(images, new Shape(f, f), new Shape(f, f), new Shape(0, 0), false, true);
        }
        return pooled.reshape(images.getShape().get(0), -1);
    };

    private final TrainingKnn knn;

    /** @param knn the bank, queries and k-NN rule shared by the three evaluations */
    public InitialisationComparison(TrainingKnn knn) {
        this.knn = knn;
    }

    /**
     * Runs the three evaluations.
     *
     * @param manager the trained network's manager
     * @param trained images {@code (B, 3, S, S)} to features of the trained network
     * @param initial builds the same network at its random initialisation in the given scope (closed
     *     after its evaluation) and returns its feature function
     * @param imageSize S
     * @return the three results
     * @throws IOException when an image cannot be read
     */
    public Result compare(NDManager manager, UnaryOperator<NDArray> trained, Function<NDManager, UnaryOperator<NDArray>> initial,
            int imageSize) throws IOException {
        long started = System.nanoTime();
        KnnResult trainedResult = knn.evaluate(manager, trained, imageSize);
        KnnResult initialResult;
        try (NDManager scope = manager.newSubManager()) {
            initialResult = knn.evaluate(scope, initial.apply(scope), imageSize);
        }
        KnnResult pixels = knn.evaluate(manager, RAW_PIXELS, imageSize);
        return new Result(trainedResult, initialResult, pixels, (System.nanoTime() - started) / 1e9);
    }

    /**
     * The comparison's outcome.
     *
     * @param trained the trained network
     * @param randomInit the same network at its random initialisation
     * @param rawPixels the pixels themselves, as a reference
     * @param seconds how long the three evaluations took
     */
    public record Result(KnnResult trained, KnnResult randomInit, KnnResult rawPixels, double seconds) {

        /** @return the trained network's top-1 minus that at initialisation, in percentage points */
        public double gainPoints() {
            return trained.top1() - randomInit.top1();
        }

        /**
         * @param iteration the last trained iteration
         * @param epoch its epoch
         * @return the {@code metrics.jsonl} record of the comparison
         */
        public DemoComparisonMetrics toMetrics(long iteration, int epoch) {
            return new DemoComparisonMetrics(iteration, epoch, trained.k(), trained.temperature(), trained.trainSize(), trained.testSize(),
                    trained.top1(), randomInit.top1(), rawPixels.top1(), gainPoints(), seconds);
        }

        /** @return the console lines: the three accuracies, then the gain stated plainly */
        public String summary() {
            return String.format(Locale.ROOT, "k-NN top-1 (k=%d, T=%s, %d bank / %d query images, evaluated in %.0f s): "
                    + "%.2f %% trained teacher, %.2f %% the same network at its random initialisation, "
                    + "%.2f %% raw pixels (reference, no network).%n"
                    + "k-NN %+.1f points over random initialisation.", trained.k(), trained.temperature(), trained.trainSize(),
                    trained.testSize(), seconds, trained.top1(), randomInit.top1(), rawPixels.top1(), gainPoints());
        }
    }
}
