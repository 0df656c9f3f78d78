package dev.dinojvm.engine.config;

import java.nio.file.Path;
import java.util.List;

/**
 * What one command invocation says about configuration, before it is layered with the defaults and
 * the environment.
 *
 * @param configFile the {@code --config} file, or {@code null}
 * @param options shorthand options such as {@code --epochs 5}, each mapped to its key
 * @param assignments the {@code --set key=value} arguments, in order (a later one wins)
 */
public record ConfigInput(Path configFile, List<OptionValue> options, List<String> assignments) {

    /**
     * One shorthand option given on the command line.
     *
     * @param option the option as typed, e.g. {@code --epochs}; also the name of its source
     * @param key the key it sets, e.g. {@code dino.train.epochs}
     * @param value the value
     */
    public record OptionValue(String option, String key, String value) {}

    /** Copies the lists. */
    public ConfigInput {
        options = List.copyOf(options);
        assignments = List.copyOf(assignments);
    }

    /** @return an input with no file, no options and no assignments */
    public static ConfigInput none() {
        return new ConfigInput(null, List.of(), List.of());
    }
}
