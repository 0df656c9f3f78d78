package dev.dinojvm.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dinojvm.engine.config.ConfigLoader;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.config.SettingValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpuSizedDefaultsTest {

    private static DinoSettings settings(String dataSource, String imageSizeSource) {
        return new DinoSettings(Map.of(
                "dino.data.path", new SettingValue("photos", dataSource),
                "dino.backbone.image-size", new SettingValue("224", imageSizeSource),
                "dino.augmentation.local-crops", new SettingValue("8", "default (plugin multi-crop)"),
                "dino.head.out-dim", new SettingValue("65536", "default (plugin dino-head)")), Map.of());
    }

    @Test
    void ownDataWithTheDefaultsOnACpuNamesTheCpuPresetInOneLine() {
        String note = GpuSizedDefaults.note(settings("--data", "default (plugin vit)"), false, false).orElseThrow();
        assertThat(note).startsWith("note: ").contains("ViT-S/16 at 224 px").contains("head 65536").contains("--config cpu-photos")
                .doesNotContain("\n");
    }

    @Test
    void aGpuAConfigurationTheDemoOrAChosenSizeSayNothing() {
        assertThat(GpuSizedDefaults.note(settings("--data", "default (plugin vit)"), false, true)).isEmpty();
        assertThat(GpuSizedDefaults.note(settings("--data", "default (plugin vit)"), true, false)).isEmpty();
        assertThat(GpuSizedDefaults.note(settings(ConfigLoader.DEMO_SOURCE, "default (plugin vit)"), false, false)).isEmpty();
        assertThat(GpuSizedDefaults.note(settings("--data", "--set"), false, false)).isEmpty();
    }
}
