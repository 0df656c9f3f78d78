package dev.dinojvm.engine.cli;

import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.ConfigInput;
import dev.dinojvm.engine.config.ConfigLoader;
import dev.dinojvm.engine.config.EngineKeys;
import dev.dinojvm.engine.plugin.PluginProblem;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.plugin.PluginSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where plugins are found, and whether a broken one is fatal.
 *
 * <p>The drop-in directory is {@code --plugins-dir}, else the {@value EngineKeys#PLUGINS_DIR} setting
 * (config file, environment or {@code --set}), else {@code ./plugins}. Only the default may be absent.
 */
public class PluginOptions {

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Load every plugin jar in DIR (and every subdirectory of jars), each in a class loader of its own. "
                    + "Shorthand for --set " + EngineKeys.PLUGINS_DIR + "=DIR; default ./plugins.")
    Path pluginsDir;

    @Option(names = "--strict-plugins", description = "Stop when any plugin is broken or incompatible, instead of skipping it.")
    boolean strict;

    /**
     * Loads the built-in plugins (the class path) and those of the drop-in directory.
     *
     * @param input the command's configuration, which may set {@value EngineKeys#PLUGINS_DIR}
     * @return the registry
     * @throws ConfigException when an explicitly given drop-in directory is not a directory
     */
    PluginRegistry load(ConfigInput input) {
        ClassLoader engineLoader = PluginOptions.class.getClassLoader();
        List<PluginSource> sources = new ArrayList<>();
        sources.add(PluginSource.classPath(engineLoader));
        Optional<Path> explicit = Optional.ofNullable(pluginsDir)
                .or(() -> ConfigLoader.pluginsDirectory(input, System.getenv()).map(v -> Path.of(v.trim())));
        Path directory = explicit.orElse(Path.of(EngineKeys.key(EngineKeys.PLUGINS_DIR).orElseThrow().defaultValue()));
        if (Files.isDirectory(directory)) {
            sources.addAll(PluginSource.directory(directory, engineLoader));
        } else if (explicit.isPresent()) {
            String key = pluginsDir != null ? "--plugins-dir" : EngineKeys.PLUGINS_DIR;
            throw new ConfigException(List.of(new ConfigProblem(key, directory + " is not a directory")));
        }
        return PluginRegistry.load(sources, strict);
    }

    /** @return {@link #load(ConfigInput)} for commands without configuration options */
    PluginRegistry load() {
        return load(ConfigInput.none());
    }

    /**
     * @param input the command's configuration options
     * @return {@code input} plus {@code --plugins-dir} as the shorthand of {@value EngineKeys#PLUGINS_DIR}
     */
    ConfigInput withPluginsDir(ConfigInput input) {
        if (pluginsDir == null) {
            return input;
        }
        List<ConfigInput.OptionValue> options = new ArrayList<>(input.options());
        options.add(new ConfigInput.OptionValue("--plugins-dir", EngineKeys.PLUGINS_DIR, pluginsDir.toString()));
        return new ConfigInput(input.configFile(), options, input.assignments());
    }

    /**
     * Loads the plugins and warns about the skipped ones.
     *
     * @param err where warnings go
     * @param input the command's configuration
     * @return the registry
     */
    PluginRegistry loadWarning(PrintWriter err, ConfigInput input) {
        PluginRegistry registry = load(input);
        for (PluginProblem problem : registry.problems()) {
            err.println("warning: plugin skipped: " + problem);
        }
        err.flush();
        return registry;
    }

    /**
     * Loads the plugins and warns about the skipped ones, for commands without configuration options.
     *
     * @param err where warnings go
     * @return the registry
     */
    PluginRegistry loadWarning(PrintWriter err) {
        return loadWarning(err, ConfigInput.none());
    }
}
