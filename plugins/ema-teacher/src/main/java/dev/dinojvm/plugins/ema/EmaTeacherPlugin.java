package dev.dinojvm.plugins.ema;

import dev.dinojvm.api.PluginDescriptor;
import dev.dinojvm.api.SpiVersion;

/** Provides the EMA teacher update of DINO with a cosine momentum schedule ({@code dino.teacher.type: cosine-ema}). */
public final class EmaTeacherPlugin extends PluginDescriptor {

    /** The descriptor {@link java.util.ServiceLoader} creates. */
    public EmaTeacherPlugin() {
        super("ema-teacher", "0.1.0", SpiVersion.CURRENT, new CosineEmaFactory());
    }
}
