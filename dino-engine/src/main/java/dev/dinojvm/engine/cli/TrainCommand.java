package dev.dinojvm.engine.cli;

import dev.dinojvm.engine.config.ConfigInput;
import dev.dinojvm.engine.config.EngineKeys;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.runtime.DeviceSelector;
import dev.dinojvm.engine.runtime.DjlRuntime;
import dev.dinojvm.engine.job.TrainJob;
import dev.dinojvm.engine.train.RunOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dino train}: validates the configuration, starts PyTorch, and runs the training loop. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a DINO model. Without --data (dino.data.path) trains the embedded demo.")
public class TrainCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--resume", description = "Continue from the latest checkpoint in the output directory.")
    boolean resume;

    @Option(names = "--init-from", paramLabel = "FILE",
            description = "Start from published weights (shorthand for --set " + EngineKeys.TRAIN_INIT_FROM + "=FILE).")
    String initFrom;

    @Option(names = "--init-non-strict",
            description = "Load what fits of --init-from and list the rest (shorthand for --set " + EngineKeys.TRAIN_INIT_STRICT + "=false).")
    boolean initNonStrict;

    @Option(names = "--adapt-channels", description = "Adapt the RGB patch embedding of --init-from to the backbone's input channels"
            + " (shorthand for --set " + EngineKeys.TRAIN_INIT_ADAPT_CHANNELS + "=true).")
    boolean adaptChannels;

    @Override
    public Integer call() {
        ConfigInput input = withInitialWeights(configOptions.input());
        ConfigOptions.Configuration configuration = configOptions.load(input);
        DjlRuntime.initialise();
        DinoSettings settings = configuration.settings();
        boolean gpu = DeviceSelector.select(settings.engine().train().device()).isGpu();
        GpuSizedDefaults.note(settings, input.configFile() != null, gpu).ifPresent(System.out::println);
        return exitCode(TrainJob.run(settings, configuration.registry(), resume, System.out, List.of()));
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

    private ConfigInput withInitialWeights(ConfigInput input) {
        List<ConfigInput.OptionValue> options = new ArrayList<>(input.options());
        if (initFrom != null) {
            options.add(new ConfigInput.OptionValue("--init-from", EngineKeys.TRAIN_INIT_FROM, initFrom));
        }
        if (initNonStrict) {
            options.add(new ConfigInput.OptionValue("--init-non-strict", EngineKeys.TRAIN_INIT_STRICT, "false"));
        }
        if (adaptChannels) {
            options.add(new ConfigInput.OptionValue("--adapt-channels", EngineKeys.TRAIN_INIT_ADAPT_CHANNELS, "true"));
        }
        return new ConfigInput(input.configFile(), options, input.assignments());
    }
}
