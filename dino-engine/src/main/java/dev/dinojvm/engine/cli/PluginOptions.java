package dev.dinojvm.engine.cli;

import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.plugin.PluginProblem;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.plugin.PluginSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where plugins are found, and whether a broken one is fatal. */
public class PluginOptions {

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Also load every plugin jar in DIR, each in a class loader of its own.")
    Path pluginsDir;

    @Option(names = "--strict-plugins", description = "Stop when any plugin is broken or incompatible, instead of skipping it.")
    boolean strict;

    /**
     * Loads the built-in plugins (the class path) and those of {@code --plugins-dir}.
     *
     * @return the registry
     * @throws ConfigException when {@code --plugins-dir} is not a directory
     */
    PluginRegistry load() {
        ClassLoader engineLoader = PluginOptions.class.getClassLoader();
        List<PluginSource> sources = new ArrayList<>();
        sources.add(PluginSource.classPath(engineLoader));
        if (pluginsDir != null) {
            if (!Files.isDirectory(pluginsDir)) {
                throw new ConfigException(List.of(new ConfigProblem("--plugins-dir", pluginsDir + " is not a directory")));
            }
            sources.addAll(PluginSource.directory(pluginsDir, engineLoader));
        }
        return PluginRegistry.load(sources, strict);
    }

    /**
     * Loads the plugins and warns about the skipped ones.
     *
     * @param err where warnings go
     * @return the registry
     */
    PluginRegistry loadWarning(PrintWriter err) {
        PluginRegistry registry = load();
        for (PluginProblem problem : registry.problems()) {
            err.println("warning: plugin skipped: " + problem);
        }
        err.flush();
        return registry;
    }
}
