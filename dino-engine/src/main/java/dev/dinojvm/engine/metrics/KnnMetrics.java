package dev.dinojvm.engine.metrics;

import java.util.List;

/**
 * A k-NN evaluation during training ({@code dino.eval.knn-every}): a line of {@code metrics.jsonl} without a
 * loss, and two TensorBoard scalars.
 *
 * @param iteration the last iteration before the evaluation
 * @param epoch its epoch
 * @param knnTop1 top-1 accuracy, percent
 * @param knnTop5 top-5 accuracy, percent
 */
public record KnnMetrics(long iteration, int epoch, double knnTop1, double knnTop5) {

    /** The fields, in file order. */
    public static final RecordSchema<KnnMetrics> SCHEMA = new RecordSchema<>("knn", List.of(
            Field.key("iteration", KnnMetrics::iteration),
            Field.key("epoch", KnnMetrics::epoch),
            Field.scalar("eval", "knn_top1", "%.4f", KnnMetrics::knnTop1),
            Field.scalar("eval", "knn_top5", "%.4f", KnnMetrics::knnTop5)));

    /** @return the line of metrics.jsonl */
    public String json() {
        return SCHEMA.json(this);
    }
}
