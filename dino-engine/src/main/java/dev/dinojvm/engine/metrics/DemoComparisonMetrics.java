package dev.dinojvm.engine.metrics;

import java.util.List;

/**
 * The embedded demo's end-of-run comparison: k-NN top-1 of the trained teacher, of the same network at its
 * random initialisation, and of raw pixels, on the same bank and queries.
 *
 * @param iteration the last trained iteration
 * @param epoch its epoch
 * @param k neighbours
 * @param temperature the k-NN weighting temperature
 * @param bank images in the bank
 * @param queries query images
 * @param trainedTop1 the trained teacher's top-1, percent
 * @param randomInitTop1 the same network at its random initialisation, percent
 * @param rawPixelsTop1 raw pixels, percent
 * @param gainPoints trained minus random initialisation, percentage points
 * @param seconds how long the three evaluations took
 */
public record DemoComparisonMetrics(long iteration, int epoch, int k, double temperature, int bank, int queries, double trainedTop1,
        double randomInitTop1, double rawPixelsTop1, double gainPoints, double seconds) {

    /** The value of the {@code record} field that marks this line. */
    public static final String RECORD = "demo_comparison";

    /** The fields, in file order. */
    public static final RecordSchema<DemoComparisonMetrics> SCHEMA = new RecordSchema<>(RECORD, List.of(
            Field.key("iteration", DemoComparisonMetrics::iteration),
            Field.key("epoch", DemoComparisonMetrics::epoch),
            Field.key("record", m -> RECORD),
            Field.key("k", DemoComparisonMetrics::k),
            Field.key("temperature", DemoComparisonMetrics::temperature),
            Field.key("bank", DemoComparisonMetrics::bank),
            Field.key("queries", DemoComparisonMetrics::queries),
            Field.scalar(RECORD, "trained_top1", "%.4f", DemoComparisonMetrics::trainedTop1),
            Field.scalar(RECORD, "random_init_top1", "%.4f", DemoComparisonMetrics::randomInitTop1),
            Field.scalar(RECORD, "raw_pixels_top1", "%.4f", DemoComparisonMetrics::rawPixelsTop1),
            Field.scalar(RECORD, "gain_points", "%.4f", DemoComparisonMetrics::gainPoints),
            Field.key("seconds", "%.1f", DemoComparisonMetrics::seconds)));

    /** @return the line of metrics.jsonl */
    public String json() {
        return SCHEMA.json(this);
    }
}
