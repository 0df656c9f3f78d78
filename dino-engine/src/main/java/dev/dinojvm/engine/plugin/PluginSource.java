package dev.dinojvm.engine.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
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
 * <em>isolated</em> source (one drop-in jar, or directory of jars, with its own {@link PluginClassLoader}) accepts only the
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
     * Opens one plugin jar in a {@link PluginClassLoader} of its own, so that plugins cannot see each
     * other's classes (the parent provides the SPI and DJL).
     *
     * @param jar a plugin jar
     * @param parent the loader of the SPI, usually the engine's
     * @return an isolated source for the jar
     */
    public static PluginSource jar(Path jar, ClassLoader parent) {
        Path absolute = jar.toAbsolutePath().normalize();
        return new PluginSource(absolute.toString(), loader("plugin " + absolute.getFileName(), List.of(absolute), parent), true);
    }

    /**
     * Opens the jars of one directory (a plugin and the libraries it bundles) in one {@link
     * PluginClassLoader}.
     *
     * @param directory a directory holding jars
     * @param parent the loader of the SPI, usually the engine's
     * @return an isolated source for the directory
     */
    public static PluginSource jarDirectory(Path directory, ClassLoader parent) {
        Path absolute = directory.toAbsolutePath().normalize();
        return new PluginSource(absolute.toString(), loader("plugin " + absolute.getFileName() + "/", jarsIn(absolute), parent), true);
    }

    /**
     * The sources of a drop-in directory: each {@code *.jar} in it gets a class loader of its own, and
     * so does each subdirectory holding jars (a plugin with its libraries beside it).
     *
     * @param directory a directory of plugin jars (a drop-in directory)
     * @param parent the loader of the SPI, usually the engine's
     * @return one isolated source per jar and per subdirectory of jars, sorted by file name
     * @throws IllegalArgumentException when {@code directory} is not a readable directory
     */
    public static List<PluginSource> directory(Path directory, ClassLoader parent) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException(directory + " is not a directory");
        }
        List<PluginSource> sources = new ArrayList<>();
        for (Path entry : list(directory)) {
            if (isJar(entry)) {
                sources.add(jar(entry, parent));
            } else if (Files.isDirectory(entry) && !jarsIn(entry).isEmpty()) {
                sources.add(jarDirectory(entry, parent));
            }
        }
        return sources;
    }

    private static PluginClassLoader loader(String name, List<Path> jars, ClassLoader parent) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("cannot turn " + jars.get(i) + " into a URL", e);
            }
        }
        return new PluginClassLoader(name, urls, parent);
    }

    private static List<Path> jarsIn(Path directory) {
        return list(directory).stream().filter(PluginSource::isJar).map(p -> p.toAbsolutePath().normalize()).toList();
    }

    private static boolean isJar(Path file) {
        return file.getFileName().toString().endsWith(".jar") && Files.isRegularFile(file);
    }

    private static List<Path> list(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }
}
