package dev.dinojvm.engine.bench;

import dev.dinojvm.engine.train.IterationEvent;
import dev.dinojvm.engine.train.TrainingListener;
import dev.dinojvm.engine.train.TrainingRun;
import java.util.ArrayList;
import java.util.List;

/**
 * Times a benchmark's steps in windows that each end with a loss read: one step per window on the CPU,
 * {@code dino.train.log-every} steps on a GPU (where the read is the only synchronisation, as in training).
 */
final class StepWindows implements TrainingListener {

    private final int window;
    private final List<Double> millisPerStep = new ArrayList<>();
    private long start;
    private long windowStartNanos;
    private long windowStartIteration;

    StepWindows(int window) {
        this.window = window;
    }

    @Override
    public void onRunStart(TrainingRun run) {
        millisPerStep.clear();
        start = run.start();
        windowStartIteration = run.start();
        windowStartNanos = System.nanoTime();
    }

    @Override
    public boolean needsLossAfter(long iterationsDone) {
        return (iterationsDone - start) % window == 0;
    }

    @Override
    public void onIteration(TrainingRun run, IterationEvent event) {
        long now = System.nanoTime();
        millisPerStep.add((now - windowStartNanos) / 1e6 / (event.iterationsDone() - windowStartIteration));
        windowStartNanos = now;
        windowStartIteration = event.iterationsDone();
    }

    /** @return milliseconds per step, one value per window of the last run */
    List<Double> millisPerStep() {
        return List.copyOf(millisPerStep);
    }
}
