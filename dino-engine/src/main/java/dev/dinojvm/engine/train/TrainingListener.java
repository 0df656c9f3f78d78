package dev.dinojvm.engine.train;

/**
 * Follows a training run from {@link TrainJob}, once per iteration, and may stop it cooperatively:
 * the run saves a checkpoint of the iteration just trained and returns {@link TrainJob#STOPPED}.
 */
@FunctionalInterface
public interface TrainingListener {

    /** Follows nothing and never stops: what the CLI uses. */
    TrainingListener NONE = progress -> true;

    /**
     * Called after each trained iteration, on the training thread; keep it short.
     *
     * @param progress the iteration just trained
     * @return {@code true} to go on, {@code false} to stop after checkpointing this iteration
     */
    boolean afterIteration(IterationProgress progress);

    /**
     * Where a run stands after one iteration.
     *
     * @param step the trainer's result (iteration, loss, scheduled values)
     * @param epoch the current epoch, from 0
     * @param epochs the configured number of epochs
     * @param iteration iterations trained so far, resumed ones included
     * @param stop the iteration the run ends at ({@code dino.train.max-steps} included)
     * @param total iterations of the whole schedule
     * @param imagesPerSecond recent throughput
     * @param secondsPerIteration recent time per iteration
     */
    record IterationProgress(DinoTrainer.StepResult step, int epoch, int epochs, long iteration, long stop, long total,
            double imagesPerSecond, double secondsPerIteration) {

        /** @return estimated seconds until {@link #stop()}, from the recent time per iteration */
        public double etaSeconds() {
            return Math.max(0, stop - iteration) * secondsPerIteration;
        }
    }
}
