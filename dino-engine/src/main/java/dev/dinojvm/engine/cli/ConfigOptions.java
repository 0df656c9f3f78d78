package dev.dinojvm.engine.cli;

import dev.dinojvm.engine.config.ConfigInput;
import dev.dinojvm.engine.config.EngineKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that configure a run: a file, {@code --set}, and shorthands for the usual keys. */
public class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file: .yaml, .yml or .properties.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Set one key, e.g. --set dino.train.epochs=10 (repeatable; wins over everything else).")
    List<String> assignments = new ArrayList<>();

    @Option(names = "--data", paramLabel = "PATH", description = "Shorthand for --set " + EngineKeys.DATA_PATH + "=PATH.")
    String data;

    @Option(names = "--output", paramLabel = "DIR", description = "Shorthand for --set " + EngineKeys.TRAIN_OUTPUT + "=DIR.")
    String output;

    @Option(names = "--epochs", paramLabel = "N", description = "Shorthand for --set " + EngineKeys.TRAIN_EPOCHS + "=N.")
    String epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Shorthand for --set " + EngineKeys.TRAIN_BATCH_SIZE + "=N.")
    String batchSize;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", description = "Shorthand for --set " + EngineKeys.TRAIN_DEVICE + "=....")
    String device;

    @Option(names = "--max-steps", paramLabel = "N", description = "Shorthand for --set " + EngineKeys.TRAIN_MAX_STEPS + "=N.")
    String maxSteps;

    /** @return what the options say, for {@link dev.dinojvm.engine.config.ConfigLoader} */
    ConfigInput input() {
        List<ConfigInput.OptionValue> options = new ArrayList<>();
        add(options, "--data", EngineKeys.DATA_PATH, data);
        add(options, "--output", EngineKeys.TRAIN_OUTPUT, output);
        add(options, "--epochs", EngineKeys.TRAIN_EPOCHS, epochs);
        add(options, "--batch-size", EngineKeys.TRAIN_BATCH_SIZE, batchSize);
        add(options, "--device", EngineKeys.TRAIN_DEVICE, device);
        add(options, "--max-steps", EngineKeys.TRAIN_MAX_STEPS, maxSteps);
        return new ConfigInput(configFile, options, assignments);
    }

    private static void add(List<ConfigInput.OptionValue> options, String option, String key, String value) {
        if (value != null) {
            options.add(new ConfigInput.OptionValue(option, key, value));
        }
    }
}
