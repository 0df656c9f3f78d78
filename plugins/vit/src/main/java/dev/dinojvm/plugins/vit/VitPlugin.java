package dev.dinojvm.plugins.vit;

import dev.dinojvm.api.Component;
import dev.dinojvm.api.DinoPlugin;
import dev.dinojvm.api.SpiVersion;
import java.util.List;

/** The {@code vit} plugin: provides the {@link VitBackboneFactory Vision Transformer backbone}. */
public final class VitPlugin implements DinoPlugin {

    @Override
    public String name() {
        return "vit";
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
        return List.of(new VitBackboneFactory());
    }
}
