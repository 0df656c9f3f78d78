package dev.dinojvm.engine.cli;

import dev.dinojvm.engine.config.ConfigInput;
import dev.dinojvm.engine.config.ConfigLoader;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.config.EngineKeys;
import dev.dinojvm.engine.plugin.PluginRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options that configure a run: a file, {@code --set}, shorthands for the usual keys, and the
 * plugins, whose components declare the keys that the settings are checked against.
 */
public class ConfigOptions {

    /** The plugins, with the settings they were loaded for. */
    record Configuration(PluginRegistry registry, DinoSettings settings) {}

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Mixin
    PluginOptions plugins;

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

    /**
     * Loads the plugins (warning about the skipped ones on the command's error stream) and the settings.
     *
     * @param input what the options say ({@link #input()}), with whatever the command adds
     * @return the plugins and the checked settings
     * @throws dev.dinojvm.engine.config.ConfigException listing every problem of the settings
     */
    Configuration load(ConfigInput input) {
        PluginRegistry registry = plugins.loadWarning(mixee.commandLine().getErr(), input);
        return new Configuration(registry, new ConfigLoader(registry, System.getenv()).load(input));
    }

    /** @return what the options say, {@code --plugins-dir} included, for {@link ConfigLoader} */
    ConfigInput input() {
        List<ConfigInput.OptionValue> options = new ArrayList<>();
        add(options, "--data", EngineKeys.DATA_PATH, data);
        add(options, "--output", EngineKeys.TRAIN_OUTPUT, output);
        add(options, "--epochs", EngineKeys.TRAIN_EPOCHS, epochs);
        add(options, "--batch-size", EngineKeys.TRAIN_BATCH_SIZE, batchSize);
        add(options, "--device", EngineKeys.TRAIN_DEVICE, device);
        add(options, "--max-steps", EngineKeys.TRAIN_MAX_STEPS, maxSteps);
        return plugins.withPluginsDir(new ConfigInput(configFile, options, assignments));
    }

    private static void add(List<ConfigInput.OptionValue> options, String option, String key, String value) {
        if (value != null) {
            options.add(new ConfigInput.OptionValue(option, key, value));
        }
    }
}
