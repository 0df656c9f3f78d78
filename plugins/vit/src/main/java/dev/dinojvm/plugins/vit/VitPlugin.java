package dev.dinojvm.plugins.vit;

import dev.dinojvm.api.PluginDescriptor;
import dev.dinojvm.api.SpiVersion;

/** The {@code vit} plugin: provides the {@link VitBackboneFactory Vision Transformer backbone}. */
public final class VitPlugin extends PluginDescriptor {

    /** The descriptor {@link java.util.ServiceLoader} creates. */
    public VitPlugin() {
        super("vit", "0.1.0", SpiVersion.CURRENT, new VitBackboneFactory());
    }
}
