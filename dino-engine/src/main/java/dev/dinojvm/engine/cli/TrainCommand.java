package dev.dinojvm.engine.cli;

import dev.dinojvm.engine.config.ConfigInput;
import dev.dinojvm.engine.config.ConfigLoader;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.runtime.DjlRuntime;
import dev.dinojvm.engine.job.TrainJob;
import dev.dinojvm.engine.train.RunOutcome;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dino train}: validates the configuration, starts PyTorch, and runs the training loop. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a DINO model. Without --data (dino.data.path) trains the embedded demo.")
public class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions;

    @Mixin
    PluginOptions pluginOptions;

    @Option(names = "--resume", description = "Continue from the latest checkpoint in the output directory.")
    boolean resume;

    @Override
    public Integer call() {
        ConfigInput input = pluginOptions.withPluginsDir(configOptions.input());
        PluginRegistry registry = pluginOptions.loadWarning(spec.commandLine().getErr(), input);
        DinoSettings settings = new ConfigLoader(registry, System.getenv()).load(input);
        DjlRuntime.initialise();
        return exitCode(TrainJob.run(settings, registry, resume, System.out, List.of()));
    }

    /**
     * @param outcome how a run ended
     * @return the process exit code: 0 completed, 1 diverged (non-finite loss), 3 stopped
     */
    static int exitCode(RunOutcome outcome) {
        return switch (outcome.kind()) {
            case COMPLETED -> 0;
            case DIVERGED -> 1;
            case STOPPED -> 3;
        };
    }
}
