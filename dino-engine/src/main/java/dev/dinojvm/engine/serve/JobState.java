package dev.dinojvm.engine.serve;

/** Where a training job of {@code dino serve} stands. */
public enum JobState {
    /** Waiting for a free training slot. */
    QUEUED,
    /** Training. */
    RUNNING,
    /** Trained to the end. */
    SUCCEEDED,
    /** Stopped by an error; the job's {@code error} says which. */
    FAILED,
    /** Cancelled by a client. */
    CANCELLED;

    /** @return whether the job will not change any more */
    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
