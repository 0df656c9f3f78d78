package dev.dinojvm.api;

import java.util.List;
import java.util.Objects;

/**
 * A {@link DinoPlugin} that names itself and its components, which is all most plugins do: the
 * plugin's entry point extends it with a public no-argument constructor (for {@link
 * java.util.ServiceLoader}) that passes everything to this one.
 *
 * <pre>{@code
 * public final class VitPlugin extends PluginDescriptor {
 *     public VitPlugin() {
 *         super("vit", "0.1.0", SpiVersion.CURRENT, new VitBackboneFactory());
 *     }
 * }
 * }</pre>
 *
 * <p>The plugin passes the SPI version rather than this class reading it: {@link SpiVersion#CURRENT}
 * is a compile-time constant, so written in the plugin's own class it is the version the plugin was
 * built for, whereas read here it would be the version of the engine that runs it.
 *
 * @since SPI 1.3
 */
public abstract class PluginDescriptor implements DinoPlugin {

    private final String name;
    private final String version;
    private final String spiVersion;
    private final List<Component> components;

    /**
     * @param name the plugin's name, kebab-case
     * @param version the plugin's own version
     * @param spiVersion the SPI version the plugin was built for: {@link SpiVersion#CURRENT}, written in the plugin
     * @param components the components it provides
     */
    protected PluginDescriptor(String name, String version, String spiVersion, Component... components) {
        this.name = Objects.requireNonNull(name, "name");
        this.version = Objects.requireNonNull(version, "version");
        this.spiVersion = Objects.requireNonNull(spiVersion, "spiVersion");
        this.components = List.of(components);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String version() {
        return version;
    }

    @Override
    public final String spiVersion() {
        return spiVersion;
    }

    @Override
    public final List<Component> components() {
        return components;
    }
}
