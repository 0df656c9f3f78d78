package dev.dinojvm.engine.train;

import java.io.IOException;

/**
 * Follows a {@link TrainingLoop}: everything around the DINO step (metrics, progress, checkpoints,
 * evaluation, the report, a service's job state) is a listener, in the manner of DJL's
 * {@code TrainingListener}s around {@code EasyTrain}. Listeners are called on the training thread, in the
 * order they were given to the loop; every method does nothing by default.
 */
public interface TrainingListener {

    /**
     * Called once before the first step of this process (also when nothing is left to train).
     *
     * @param run the run
     * @throws IOException when the listener cannot write its output
     */
    default void onRunStart(TrainingRun run) throws IOException {}

    /**
     * Asked before each step: the loss is read after the step when any listener needs it, and whenever
     * an epoch ends there or the run stops there; no other step reads anything from the device (on a GPU
     * each read waits for the step to finish). Events are only delivered for steps whose loss was read.
     *
     * @param iterationsDone the iteration count the step will reach
     * @return whether this listener must see that step
     */
    default boolean needsLossAfter(long iterationsDone) {
        return false;
    }

    /**
     * Called after each step whose loss was read and found finite.
     *
     * @param run the run
     * @param event the step just trained
     * @throws IOException when the listener cannot write its output
     */
    default void onIteration(TrainingRun run, IterationEvent event) throws IOException {}

    /**
     * Called when an epoch has been trained to its end, after that step's {@link #onIteration}.
     *
     * @param run the run
     * @param event the epoch's last step
     * @throws IOException when the listener cannot write its output
     */
    default void onEpochEnd(TrainingRun run, IterationEvent event) throws IOException {}

    /**
     * Asked after each step, whether its loss was read or not: a listener that answers {@code true} stops
     * the run there, which then ends with {@link RunOutcome.Kind#STOPPED}.
     *
     * @return whether to stop after the step just trained
     */
    default boolean stopRequested() {
        return false;
    }

    /**
     * Called once when the loop ends, however it ends (not when a listener or the step threw).
     *
     * @param run the run
     * @param outcome how it ended
     * @throws IOException when the listener cannot write its output
     */
    default void onRunEnd(TrainingRun run, RunOutcome outcome) throws IOException {}
}
