package dev.dinojvm.engine.job;

import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.report.TrainingReport;
import dev.dinojvm.engine.train.RunOutcome;
import dev.dinojvm.engine.train.TrainingListener;
import dev.dinojvm.engine.train.TrainingRun;
import java.io.PrintStream;
import java.nio.file.Path;

/** Writes the HTML report when a run has trained to its end; a failure is a warning, never a failed run. */
final class ReportListener implements TrainingListener {

    private final Path output;
    private final PluginRegistry registry;
    private final PrintStream out;

    ReportListener(Path output, PluginRegistry registry, PrintStream out) {
        this.output = output;
        this.registry = registry;
        this.out = out;
    }

    @Override
    public void onRunEnd(TrainingRun run, RunOutcome outcome) {
        if (outcome.kind() == RunOutcome.Kind.COMPLETED && run.start() < run.stop()) {
            TrainingReport.writeAfterTraining(output, registry, run.device(), out);
        }
    }
}
