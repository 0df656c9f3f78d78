package dev.dinojvm.engine.cli;

import dev.dinojvm.engine.config.ConfigLoader;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.config.SettingValue;
import java.util.Optional;

/**
 * The one-line note shown before training your own data on a CPU with the defaults, which are the
 * paper's recipe sized for a GPU: it names the CPU preset rather than switching to it silently.
 */
final class GpuSizedDefaults {

    static final String CPU_PRESET = "cpu-photos";
    private static final String IMAGE_SIZE = "dino.backbone.image-size";

    private GpuSizedDefaults() {}

    private static String valueOf(DinoSettings settings, String key) {
        SettingValue value = settings.all().get(key);
        return value == null ? "?" : value.value();
    }

    /**
     * @param settings the run's settings
     * @param configGiven whether {@code --config} was given
     * @param gpu whether the run trains on a GPU
     * @return the note, when the data is the user's, no configuration was given, the network's size is
     *     the default one and the run is on a CPU
     */
    static Optional<String> note(DinoSettings settings, boolean configGiven, boolean gpu) {
        boolean ownData = settings.engine().data().ownData();
        SettingValue imageSize = settings.all().get(IMAGE_SIZE);
        // Other backbones than the standard ViT have no such key: their defaults are not the paper's.
        boolean defaultSize = imageSize != null && imageSize.source().startsWith(ConfigLoader.DEFAULT_SOURCE);
        if (gpu || configGiven || !ownData || !defaultSize) {
            return Optional.empty();
        }
        return Optional.of("note: without --config the defaults are the DINO paper's GPU-sized recipe (ViT-S/16 at "
                + imageSize.value() + " px, 2 global + " + valueOf(settings, "dino.augmentation.local-crops")
                + " local crops, head " + valueOf(settings, "dino.head.out-dim")
                + "): days on a CPU; for your photos on a CPU use --config " + CPU_PRESET + " (dino config presets lists the others)");
    }
}
