package dev.dinojvm.engine.train;

/**
 * One trained step, as the listeners see it.
 *
 * @param step the trainer's result (iteration, loss, scheduled values)
 * @param epoch the epoch of the step, from 0
 * @param iterationsDone iterations trained so far, resumed ones included
 * @param imagesPerSecond throughput over the recent steps
 * @param secondsPerIteration mean time per step in this process
 * @param elapsedSeconds wall time since this process started training
 */
public record IterationEvent(DinoTrainer.StepResult step, int epoch, long iterationsDone, double imagesPerSecond,
        double secondsPerIteration, double elapsedSeconds) {

    /**
     * @param stop the iteration the run trains to
     * @return estimated seconds until {@code stop}, from the mean time per step
     */
    public double etaSeconds(long stop) {
        return Math.max(0, stop - iterationsDone) * secondsPerIteration;
    }
}
