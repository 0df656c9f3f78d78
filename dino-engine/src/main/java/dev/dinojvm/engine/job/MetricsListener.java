package dev.dinojvm.engine.job;

import dev.dinojvm.engine.train.DeviceMemory;
import dev.dinojvm.engine.train.IterationEvent;
import dev.dinojvm.engine.train.MetricsLog;
import dev.dinojvm.engine.train.TrainingListener;
import dev.dinojvm.engine.train.TrainingRun;
import java.io.IOException;

/** Appends each read step to {@code metrics.jsonl}; on a GPU it asks for a loss every {@code log-every} steps. */
final class MetricsListener implements TrainingListener {

    private final MetricsLog log;
    private final int logEvery;

    MetricsListener(MetricsLog log, int logEvery) {
        this.log = log;
        this.logEvery = logEvery;
    }

    @Override
    public boolean needsLossAfter(long iterationsDone) {
        return iterationsDone % logEvery == 0;
    }

    @Override
    public void onIteration(TrainingRun run, IterationEvent event) throws IOException {
        log.append(event.step(), event.epoch(), event.imagesPerSecond(), event.elapsedSeconds(), run.trainer().replicaCount(),
                DeviceMemory.mebibytes(run.trainer().devices()));
    }
}
