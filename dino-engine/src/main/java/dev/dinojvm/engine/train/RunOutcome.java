package dev.dinojvm.engine.train;

/**
 * How a {@link TrainingLoop} ended; the CLI maps it to an exit code, the service to a job state.
 *
 * @param kind completed, stopped or diverged
 * @param iterationsDone iterations trained when it ended (for a divergence: the last good one)
 * @param message what went wrong, for {@link Kind#DIVERGED}; empty otherwise
 */
public record RunOutcome(Kind kind, long iterationsDone, String message) {

    /** The ways a run ends. */
    public enum Kind {
        /** Every iteration up to the stop was trained. */
        COMPLETED,
        /** A listener asked to stop; the iteration reached is checkpointed. */
        STOPPED,
        /** The loss became non-finite; the step that produced it changed nothing. */
        DIVERGED
    }

    static RunOutcome completed(long iterationsDone) {
        return new RunOutcome(Kind.COMPLETED, iterationsDone, "");
    }
}
