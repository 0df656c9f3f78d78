package dev.dinojvm.engine.plugin;

import dev.dinojvm.api.Component;
import java.util.List;

/**
 * A plugin the engine accepted.
 *
 * @param name the plugin's name
 * @param version the plugin's own version
 * @param spiVersion the SPI version it was built for
 * @param location the jar (or directory) its entry point was loaded from
 * @param components its accepted components (duplicates of earlier plugins' names left out)
 * @param loader the class loader of its classes (see {@link ContextLoaderSwap})
 */
public record LoadedPlugin(
        String name, String version, String spiVersion, String location, List<Component> components, ClassLoader loader) {

    /** Copies the component list. */
    public LoadedPlugin {
        components = List.copyOf(components);
    }
}
