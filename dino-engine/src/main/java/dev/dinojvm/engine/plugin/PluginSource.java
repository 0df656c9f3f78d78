package dev.dinojvm.engine.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where plugins are looked for: a class loader, and a description of where it loads from.
 *
 * <p>A <em>shared</em> source (the application class path) accepts every plugin its loader finds. An
 * <em>isolated</em> source (one drop-in jar with its own {@link URLClassLoader}) accepts only the
 * plugins whose classes its own loader defines: its parent's plugins are found through the parent's
 * source, and would otherwise be reported twice.
 *
 * @param location where the plugins come from, shown to users (a jar path, or "application class path")
 * @param loader the class loader the plugins are loaded with
 * @param isolated whether to accept only plugins defined by {@code loader} itself
 */
public record PluginSource(String location, ClassLoader loader, boolean isolated) {

    /** What {@link #classPath} calls the application class path. */
    public static final String CLASS_PATH = "application class path";

    /** Validates the record. */
    public PluginSource {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(loader, "loader");
    }

    /**
     * @param loader the engine's class loader
     * @return a shared source: every plugin on the class path
     */
    public static PluginSource classPath(ClassLoader loader) {
        return new PluginSource(CLASS_PATH, loader, false);
    }

    /**
     * Opens one plugin jar in a class loader of its own, so that plugins cannot see each other's
     * classes (the parent provides the SPI and DJL).
     *
     * @param jar a plugin jar
     * @param parent the loader of the SPI, usually the engine's
     * @return an isolated source for the jar
     */
    public static PluginSource jar(Path jar, ClassLoader parent) {
        Path absolute = jar.toAbsolutePath().normalize();
        try {
            URLClassLoader loader = new URLClassLoader(
                    "plugin " + absolute.getFileName(), new URL[] {absolute.toUri().toURL()}, parent);
            return new PluginSource(absolute.toString(), loader, true);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("cannot turn " + absolute + " into a URL", e);
        }
    }

    /**
     * @param directory a directory of plugin jars (a drop-in directory)
     * @param parent the loader of the SPI, usually the engine's
     * @return one isolated source per {@code *.jar} in the directory, sorted by file name
     * @throws IllegalArgumentException when {@code directory} is not a readable directory
     */
    public static List<PluginSource> directory(Path directory, ClassLoader parent) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException(directory + " is not a directory");
        }
        List<PluginSource> sources = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted()
                    .forEach(p -> sources.add(jar(p, parent)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        return sources;
    }
}
