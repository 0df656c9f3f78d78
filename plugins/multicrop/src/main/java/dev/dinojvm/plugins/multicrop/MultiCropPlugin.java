package dev.dinojvm.plugins.multicrop;

import dev.dinojvm.api.Component;
import dev.dinojvm.api.DinoPlugin;
import dev.dinojvm.api.SpiVersion;
import java.util.List;

/** Plugin entry point: provides the DINO multi-crop augmentation ({@link MultiCropFactory}). */
public final class MultiCropPlugin implements DinoPlugin {

    @Override
    public String name() {
        return "multi-crop";
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public List<Component> components() {
        return List.of(new MultiCropFactory());
    }
}
