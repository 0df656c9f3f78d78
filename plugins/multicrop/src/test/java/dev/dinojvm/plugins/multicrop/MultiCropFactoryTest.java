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
    void theColourStepsAreReadAndDefaultToTheReference() {
        assertThat(MultiCropSettings.from(config(Map.of())).colour()).isEqualTo(new ColourSettings(0.8, 1.0, 0.2));
        ComponentConfig custom = config(Map.of("jitter-probability", "1", "jitter-strength", "2", "grayscale-probability", "0.5"));
        assertThat(factory.validate(custom)).isEmpty();
        assertThat(MultiCropSettings.from(custom).colour()).isEqualTo(new ColourSettings(1.0, 2.0, 0.5));
        assertThat(MultiCropSettings.from(config(Map.of("standardize-views", "true"))).colour())
                .isEqualTo(new ColourSettings(0.8, 1.0, 0.2, true));
        assertThat(config(Map.of("jitter-strength", "3", "grayscale-probability", "1.5")).typeProblems()).containsExactlyInAnyOrder(
                new ConfigProblem("dino.augmentation.jitter-strength", "must be between 0 and 2.5, got 3"),
                new ConfigProblem("dino.augmentation.grayscale-probability", "must be between 0 and 1, got 1.5"));
    }

    @Test
    void everyValueOutsideItsDeclaredRangeIsAProblem() {
        List<ConfigProblem> problems = config(Map.of(
                "global-size", "0", "local-size", "-3", "local-crops", "-1",
                "global-scale", "0.4,1.01", "local-scale", "0,0.4")).typeProblems();
        assertThat(problems).containsExactlyInAnyOrder(
                new ConfigProblem("dino.augmentation.global-size", "must be at least 1, got 0"),
                new ConfigProblem("dino.augmentation.local-size", "must be at least 1, got -3"),
                new ConfigProblem("dino.augmentation.local-crops", "must be at least 0, got -1"),
                new ConfigProblem("dino.augmentation.global-scale", "both numbers must be greater than 0 and at most 1, got 0.4,1.01"),
                new ConfigProblem("dino.augmentation.local-scale", "both numbers must be greater than 0 and at most 1, got 0,0.4"));
    }

    @Test
    void validationReportsEveryScaleRangeThatIsNotOrdered() {
        ComponentConfig reversed = config(Map.of("global-scale", "0.8,0.4", "local-scale", "0.3,0.1"));
        assertThat(reversed.typeProblems()).isEmpty();
        assertThat(factory.validate(reversed)).containsExactly(
                new ConfigProblem("dino.augmentation.global-scale", "must be min,max with min <= max, got 0.8,0.4"),
                new ConfigProblem("dino.augmentation.local-scale", "must be min,max with min <= max, got 0.3,0.1"));
    }

    @Test
    void validationReportsUnparsableValuesAlongsideRangeProblems() {
        List<ConfigProblem> problems = config(Map.of(
                "global-size", "big", "local-crops", "many", "global-scale", "0.5", "local-scale", "0.05,1.5")).typeProblems();
        assertThat(problems).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "dino.augmentation.global-size", "dino.augmentation.local-crops",
                "dino.augmentation.global-scale", "dino.augmentation.local-scale");
    }
}
