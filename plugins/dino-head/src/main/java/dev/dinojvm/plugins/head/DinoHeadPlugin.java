package dev.dinojvm.plugins.head;

import dev.dinojvm.api.PluginDescriptor;
import dev.dinojvm.api.SpiVersion;

/** Provides the DINO projection head ({@code dino.head.type: dino-head}). */
public final class DinoHeadPlugin extends PluginDescriptor {

    /** The descriptor {@link java.util.ServiceLoader} creates. */
    public DinoHeadPlugin() {
        super("dino-head", "0.1.0", SpiVersion.CURRENT, new DinoHeadFactory());
    }
}
