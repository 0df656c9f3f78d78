package dev.dinojvm.engine.job;

import dev.dinojvm.engine.data.SkipReport;
import dev.dinojvm.engine.util.AtomicFiles;
import dev.dinojvm.engine.train.Checkpoints;
import dev.dinojvm.engine.train.IterationEvent;
import dev.dinojvm.engine.train.ProgressDisplay;
import dev.dinojvm.engine.train.RunOutcome;
import dev.dinojvm.engine.train.TrainingListener;
import dev.dinojvm.engine.train.TrainingRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** How a run ended, in words: the summary of a completed run, or why it stopped. */
final class SummaryListener implements TrainingListener {

    /** Every image a run could not read, one per line: source index, image, reason, separated by tabs. */
    static final String UNREADABLE_IMAGES = "unreadable-images.tsv";

    private final PrintStream out;
    private final Path output;
    private final Checkpoints checkpoints;
    private final Supplier<SkipReport> skipped;
    private final List<Float> losses = new ArrayList<>();
    private IterationEvent last;

    SummaryListener(PrintStream out, Path output, Checkpoints checkpoints, Supplier<SkipReport> skipped) {
        this.out = out;
        this.output = output;
        this.checkpoints = checkpoints;
        this.skipped = skipped;
    }

    @Override
    public void onIteration(TrainingRun run, IterationEvent event) {
        losses.add(event.step().loss());
        last = event;
    }

    @Override
    public void onRunEnd(TrainingRun run, RunOutcome outcome) throws IOException {
        SkipReport skips = skipped.get();
        if (!skips.isEmpty()) {
            AtomicFiles.writeString(output.resolve(UNREADABLE_IMAGES), String.join("\n", skips.lines()) + "\n");
        }
        switch (outcome.kind()) {
            case DIVERGED -> {
                out.println("error: " + outcome.message());
                checkpoints.latest().ifPresent(p -> out.println("The last good checkpoint is " + p));
            }
            case STOPPED -> out.println("Stopped at iteration " + outcome.iterationsDone() + " of " + run.stop()
                    + "; checkpoint saved in " + output);
            case COMPLETED -> {
                if (last != null) {
                    summary(run);
                }
            }
        }
    }

    private void summary(TrainingRun run) {
        int window = Math.min(10, losses.size());
        double seconds = last.elapsedSeconds();
        double imagesPerSecond = (last.iterationsDone() - run.start()) * (double) run.batchSize() / Math.max(1e-9, seconds);
        out.printf(Locale.ROOT, "Trained iterations %d to %d in %s: %.1f images/s on %s.%n", run.start() + 1, last.iterationsDone(),
                ProgressDisplay.format(Duration.ofSeconds(Math.round(seconds))), imagesPerSecond, run.device());
        out.printf(Locale.ROOT, "Loss: %.4f (mean of the first %d iterations of this run) -> %.4f (mean of the last %d); ln(out-dim) = %.4f.%n",
                mean(losses.subList(0, window)), window, mean(losses.subList(losses.size() - window, losses.size())), window,
                Math.log(run.trainer().student().head().outputDim()));
        SkipReport skips = skipped.get();
        if (!skips.isEmpty()) {
            out.println(skips.summary() + " (all " + skips.count() + " in " + output.resolve(UNREADABLE_IMAGES) + ")");
        }
        out.println("Teacher backbone: " + output.resolve("backbone.safetensors") + " (official DINO/timm parameter names)");
        out.println("Metrics: " + output.resolve("metrics.jsonl") + "; checkpoints: " + output.resolve("checkpoints"));
    }

    private static double mean(List<Float> values) {
        return values.stream().mapToDouble(Float::doubleValue).average().orElse(Double.NaN);
    }
}
