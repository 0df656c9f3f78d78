package dev.dinojvm.engine.job;

import dev.dinojvm.engine.train.Checkpoints;
import dev.dinojvm.engine.train.IterationEvent;
import dev.dinojvm.engine.train.RunOutcome;
import dev.dinojvm.engine.train.SafetensorsFiles;
import dev.dinojvm.engine.train.TrainingListener;
import dev.dinojvm.engine.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Saves a checkpoint every {@code dino.train.checkpoint-every} iterations, at each epoch end, at the last
 * iteration and where a run is stopped, and exports the teacher backbone next to it. A checkpoint is only
 * written after a step whose loss was read and found finite.
 */
final class CheckpointListener implements TrainingListener {

    private final Checkpoints checkpoints;
    private final Path output;
    private final Map<String, String> config;
    private final int every;
    private long lastSaved = -1;

    CheckpointListener(Checkpoints checkpoints, Path output, Map<String, String> config, int every) {
        this.checkpoints = checkpoints;
        this.output = output;
        this.config = config;
        this.every = every;
    }

    @Override
    public void onRunStart(TrainingRun run) throws IOException {
        if (run.start() >= run.stop()) {
            exportBackbone(run); // nothing to train: make sure the export matches the last checkpoint
        }
    }

    @Override
    public boolean needsLossAfter(long iterationsDone) {
        return iterationsDone % every == 0;
    }

    @Override
    public void onIteration(TrainingRun run, IterationEvent event) throws IOException {
        long done = event.iterationsDone();
        if (done % every == 0 || done % run.recipe().iterationsPerEpoch() == 0 || done == run.stop()) {
            save(run, done);
        }
    }

    @Override
    public void onRunEnd(TrainingRun run, RunOutcome outcome) throws IOException {
        if (outcome.kind() == RunOutcome.Kind.STOPPED && lastSaved != outcome.iterationsDone()) {
            save(run, outcome.iterationsDone());
        }
    }

    private void save(TrainingRun run, long iteration) throws IOException {
        checkpoints.save(iteration, run.trainer(), config);
        exportBackbone(run);
        lastSaved = iteration;
    }

    private void exportBackbone(TrainingRun run) throws IOException {
        Path file = output.resolve("backbone.safetensors");
        Path temporary = output.resolve(".backbone.safetensors.tmp");
        SafetensorsFiles.write(temporary, SafetensorsFiles.values(run.trainer().teacher().parameters(), "backbone."));
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
