package dev.dinojvm.plugins.head;

import dev.dinojvm.api.Component;
import dev.dinojvm.api.DinoPlugin;
import dev.dinojvm.api.SpiVersion;
import java.util.List;

/** Provides the DINO projection head ({@code dino.head.type: dino-head}). */
public final class DinoHeadPlugin implements DinoPlugin {

    @Override
    public String name() {
        return "dino-head";
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
        return List.of(new DinoHeadFactory());
    }
}
