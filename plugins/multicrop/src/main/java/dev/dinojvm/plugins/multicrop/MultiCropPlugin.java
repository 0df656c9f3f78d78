package dev.dinojvm.plugins.multicrop;

import dev.dinojvm.api.PluginDescriptor;
import dev.dinojvm.api.SpiVersion;

/** Plugin entry point: provides the DINO multi-crop augmentation ({@link MultiCropFactory}). */
public final class MultiCropPlugin extends PluginDescriptor {

    /** The descriptor {@link java.util.ServiceLoader} creates. */
    public MultiCropPlugin() {
        super("multi-crop", "0.1.0", SpiVersion.CURRENT, new MultiCropFactory());
    }
}
