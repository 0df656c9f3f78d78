package dev.dinojvm.engine.cli;

import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.report.TrainingReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dino report DIR}: (re)writes a run's {@code report.html}. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write DIR/report.html: training curves, k-NN accuracy, attention maps and configuration of a run.")
public class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PluginOptions pluginOptions;

    @Parameters(paramLabel = "DIR", description = "The run's output directory.")
    Path run;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(run)) {
            throw new ConfigException(List.of(new ConfigProblem("DIR", run + " is not a directory")));
        }
        if (!Files.exists(run.resolve("metrics.jsonl")) && !Files.isDirectory(run.resolve("checkpoints"))) {
            throw new ConfigException(List.of(new ConfigProblem("DIR", run + " holds neither metrics.jsonl nor checkpoints: not a training run")));
        }
        PluginRegistry registry = pluginOptions.loadWarning(spec.commandLine().getErr());
        Path file = TrainingReport.write(run, registry, device.select());
        spec.commandLine().getOut().println("Wrote " + file);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
