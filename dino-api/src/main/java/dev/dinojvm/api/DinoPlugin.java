package dev.dinojvm.api;

import java.util.List;

/**
 * The entry point of a plugin jar, found with {@link java.util.ServiceLoader}.
 *
 * <p>Register the implementation in {@code META-INF/services/dev.dinojvm.api.DinoPlugin}. It needs a
 * public no-argument constructor and must not do heavy work in it: the engine instantiates every
 * plugin at start-up only to list its components.
 */
public interface DinoPlugin {

    /** @return the plugin's name, kebab-case (for example {@code vit}) */
    String name();

    /** @return the plugin's own version (for example {@code 1.2.0}) */
    String version();

    /** @return the SPI version the plugin was built for, usually {@link SpiVersion#CURRENT} */
    String spiVersion();

    /** @return the components this plugin provides; names are unique across all loaded plugins */
    List<Component> components();
}
