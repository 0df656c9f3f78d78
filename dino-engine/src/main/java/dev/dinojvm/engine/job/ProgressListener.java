package dev.dinojvm.engine.job;

import dev.dinojvm.api.CropLayout;
import dev.dinojvm.engine.config.Precision;
import dev.dinojvm.engine.train.IterationEvent;
import dev.dinojvm.engine.train.ProgressDisplay;
import dev.dinojvm.engine.train.RunOutcome;
import dev.dinojvm.engine.train.TrainingListener;
import dev.dinojvm.engine.train.TrainingRecipe;
import dev.dinojvm.engine.train.TrainingRun;
import java.io.PrintStream;
import java.nio.file.Path;

/** The opening line and the progress bar (on a terminal) or progress lines (elsewhere). */
final class ProgressListener implements TrainingListener {

    private final PrintStream out;
    private final ProgressDisplay progress;
    private final int logEvery;
    private final Path output;
    private final CropLayout layout;
    private final Precision precision;
    private boolean everyStep;

    ProgressListener(PrintStream out, ProgressDisplay progress, int logEvery, Path output, CropLayout layout, Precision precision) {
        this.precision = precision;
        this.out = out;
        this.progress = progress;
        this.logEvery = logEvery;
        this.output = output;
        this.layout = layout;
    }

    @Override
    public void onRunStart(TrainingRun run) {
        // The CPU runs a step's operations synchronously: reading its loss costs nothing, so every step is shown.
        everyStep = !run.device().isGpu();
        if (run.start() >= run.stop()) {
            out.println("Nothing to do: the run in " + output + " has already reached iteration " + run.start() + ".");
            return;
        }
        TrainingRecipe recipe = run.recipe();
        int replicas = run.trainer().replicaCount();
        out.printf("Training on %s%s in %s: %d iterations per epoch, %d epochs, batch %d, %d+%d crops (%d px / %d px)%n",
                replicas == 1 ? run.device() : run.trainer().devices(), replicas == 1 ? "" : " (" + replicas + " replicas)",
                precision, recipe.iterationsPerEpoch(), recipe.epochs(), run.batchSize(), layout.globalCrops(),
                layout.localCrops(), layout.globalSize(), layout.localSize());
        if (precision == Precision.TF32 && !run.device().isGpu()) {
            out.println("note: tf32 only changes GPU matrix products; on the CPU this run is plain fp32");
        }
    }

    @Override
    public boolean needsLossAfter(long iterationsDone) {
        return everyStep || iterationsDone % logEvery == 0;
    }

    @Override
    public void onIteration(TrainingRun run, IterationEvent event) {
        progress.update(event.step(), run.recipe().epochs(), event.imagesPerSecond(), event.secondsPerIteration());
    }

    @Override
    public void onRunEnd(TrainingRun run, RunOutcome outcome) {
        progress.finish();
    }
}
