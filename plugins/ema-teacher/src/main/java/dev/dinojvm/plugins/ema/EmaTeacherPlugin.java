package dev.dinojvm.plugins.ema;

import dev.dinojvm.api.Component;
import dev.dinojvm.api.DinoPlugin;
import dev.dinojvm.api.SpiVersion;
import java.util.List;

/** Provides the EMA teacher update of DINO with a cosine momentum schedule ({@code dino.teacher.type: cosine-ema}). */
public final class EmaTeacherPlugin implements DinoPlugin {

    @Override
    public String name() {
        return "ema-teacher";
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
        return List.of(new CosineEmaFactory());
    }
}
