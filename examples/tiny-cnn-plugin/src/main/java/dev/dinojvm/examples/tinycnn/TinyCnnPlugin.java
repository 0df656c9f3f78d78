package dev.dinojvm.examples.tinycnn;

import dev.dinojvm.api.Component;
import dev.dinojvm.api.DinoPlugin;
import dev.dinojvm.api.SpiVersion;
import java.util.List;

/**
 * The plugin's entry point, listed in {@code META-INF/services/dev.dinojvm.api.DinoPlugin}. It only
 * names its components: the engine creates it at start-up just to list them.
 */
public class TinyCnnPlugin implements DinoPlugin {

    @Override
    public String name() {
        return "tiny-cnn";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public String spiVersion() {
        // A compile-time constant: the SPI version this jar was built against, not the engine's.
        return SpiVersion.CURRENT;
    }

    @Override
    public List<Component> components() {
        return List.of(new TinyCnnFactory());
    }
}
