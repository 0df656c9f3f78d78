package dev.dinojvm.plugins.multicrop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dinojvm.api.Augmentation;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.api.CropLayout;
import dev.dinojvm.api.DinoPlugin;
import dev.dinojvm.api.SpiVersion;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class MultiCropFactoryTest {

    private final MultiCropFactory factory = new MultiCropFactory();

    private ComponentConfig config(Map<String, String> values) {
        return new ComponentConfig("dino.augmentation", factory.configKeys(), values);
    }

    @Test
    void pluginIsFoundByServiceLoader() {
        List<DinoPlugin> plugins = ServiceLoader.load(DinoPlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p instanceof MultiCropPlugin)
                .toList();
        assertThat(plugins).hasSize(1);
        DinoPlugin plugin = plugins.get(0);
        assertThat(plugin.name()).isEqualTo("multi-crop");
        assertThat(plugin.version()).isEqualTo("0.1.0");
        assertThat(plugin.spiVersion()).isEqualTo(SpiVersion.CURRENT);
        assertThat(plugin.components()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("multi-crop");
            assertThat(c.kind()).isEqualTo(ComponentKind.AUGMENTATION);
        });
    }

    @Test
    void defaultsAreThoseOfTheReference() {
        ComponentConfig defaults = config(Map.of());
        assertThat(factory.validate(defaults)).isEmpty();
        assertThat(MultiCropSettings.from(defaults)).isEqualTo(new MultiCropSettings(224, 96, 8, 0.4, 1.0, 0.05, 0.4));
        Augmentation augmentation = factory.create(defaults);
        assertThat(augmentation.layout()).isEqualTo(new CropLayout(2, 224, 8, 96));
    }

    @Test
    void settingsAreRead() {
        ComponentConfig custom = config(Map.of(
                "global-size", "160", "local-size", "64", "local-crops", "0",
                "global-scale", "0.3, 0.9", "local-scale", "0.1,0.3"));
        assertThat(factory.validate(custom)).isEmpty();
        assertThat(MultiCropSettings.from(custom)).isEqualTo(new MultiCropSettings(160, 64, 0, 0.3, 0.9, 0.1, 0.3));
    }

    @Test
    void validationReportsEveryProblemAtOnce() {
        List<ConfigProblem> problems = factory.validate(config(Map.of(
                "global-size", "0", "local-size", "-3", "local-crops", "-1",
                "global-scale", "0.8,0.4", "local-scale", "0,0.4")));
        assertThat(problems).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "dino.augmentation.global-size", "dino.augmentation.local-size", "dino.augmentation.local-crops",
                "dino.augmentation.global-scale", "dino.augmentation.local-scale");
    }

    @Test
    void validationReportsUnparsableValuesAlongsideRangeProblems() {
        List<ConfigProblem> problems = factory.validate(config(Map.of(
                "global-size", "big", "local-crops", "many", "global-scale", "0.5", "local-scale", "0.05,1.5")));
        assertThat(problems).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "dino.augmentation.global-size", "dino.augmentation.local-crops",
                "dino.augmentation.global-scale", "dino.augmentation.local-scale");
    }
}
