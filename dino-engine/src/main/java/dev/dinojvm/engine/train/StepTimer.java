package dev.dinojvm.engine.train;

/**
 * Told by {@link DinoTrainer#step} when each phase of a step ends, for profiling ({@code dino bench
 * --profile}). A trainer without a timer makes no calls at all.
 *
 * <p>On a GPU the phases run asynchronously: an implementation that measures them must wait for the
 * device at each call, which slows the step down; that is why timing is opt-in.
 */
public interface StepTimer {

    /** The phases of one DINO step, in the order they run. */
    enum Phase {
        /** Teacher forward on the global views and student forward on all views. */
        FORWARD,
        /** The DINO loss. */
        LOSS,
        /** Backward through the student, including the read of the loss value when the step reads it. */
        BACKWARD,
        /** Per-tensor gradient clipping. */
        CLIPPING,
        /** The AdamW step. */
        OPTIMIZER,
        /** The teacher update (EMA). */
        TEACHER_UPDATE,
        /** The center update of the loss. */
        CENTER
    }

    /** A step begins. */
    void stepStarted();

    /**
     * A phase has been issued to the device.
     *
     * @param phase the phase that ended
     */
    void phaseEnded(Phase phase);
}
