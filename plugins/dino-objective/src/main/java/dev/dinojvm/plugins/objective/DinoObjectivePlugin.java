package dev.dinojvm.plugins.objective;

import dev.dinojvm.api.PluginDescriptor;
import dev.dinojvm.api.SpiVersion;

/** Provides the standard objective ({@code dino.objective.type: dino}). */
public final class DinoObjectivePlugin extends PluginDescriptor {

    /** The descriptor {@link java.util.ServiceLoader} creates. */
    public DinoObjectivePlugin() {
        super("dino-objective", "0.1.0", SpiVersion.CURRENT, new DinoObjectiveFactory());
    }
}
