package dev.dinojvm.engine.bench;

/**
 * What {@code dino bench} measures.
 *
 * @param warmup untimed training steps (and data batches) first, for the JIT and the allocator
 * @param steps timed training steps (and data batches)
 * @param profile whether to time the phases of each step (on a GPU this synchronises after every phase)
 * @param model whether to measure training steps on synthetic crops
 * @param data whether to measure the data pipeline
 * @param stages whether to also time each stage of the data pipeline, one image at a time
 */
public record BenchOptions(int warmup, int steps, boolean profile, boolean model, boolean data, boolean stages) {

    /**
     * @throws IllegalArgumentException for counts out of range or nothing to measure
     */
    public BenchOptions {
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup must be 0 or more, got " + warmup);
        }
        if (!model && !data) {
            throw new IllegalArgumentException("nothing to measure: --data-pipeline-only and --model-only exclude each other");
        }
        if (stages && !data) {
            throw new IllegalArgumentException("--stages times the data pipeline: it cannot go with --model-only");
        }
    }
}
