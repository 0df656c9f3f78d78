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
        /** Forward, loss and backward of several data-parallel replicas, which run at once. */
        REPLICAS,
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

    /**
     * A data-parallel replica finished its share of a micro-batch (called from the replica's thread).
     *
     * @param replica the replica's index
     * @param startNanos when it started, {@link System#nanoTime()}
     * @param endNanos when it ended
     */
    default void replicaRan(int replica, long startNanos, long endNanos) {}
}
