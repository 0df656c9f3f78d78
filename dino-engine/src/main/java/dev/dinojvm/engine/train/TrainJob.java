package dev.dinojvm.engine.train;

/** Placeholder replaced by the training loop; see TrainCommand. */
public final class TrainJob {
    private TrainJob() {}
}
