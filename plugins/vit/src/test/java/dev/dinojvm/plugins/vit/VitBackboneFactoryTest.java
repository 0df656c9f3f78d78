package dev.dinojvm.plugins.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dinojvm.api.Backbone;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.api.DinoPlugin;
import dev.dinojvm.api.ModelRole;
import dev.dinojvm.api.SpiVersion;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Configuration keys, validation and the resolution of presets and overrides. */
class VitBackboneFactoryTest {

    private final VitBackboneFactory factory = new VitBackboneFactory();

    @Test
    void pluginIsFoundByServiceLoader() {
        List<DinoPlugin> plugins = ServiceLoader.load(DinoPlugin.class).stream().map(ServiceLoader.Provider::get).toList();
        assertEquals(1, plugins.size());
        DinoPlugin plugin = plugins.get(0);
        assertEquals("vit", plugin.name());
        assertEquals("0.1.0", plugin.version());
        assertEquals(SpiVersion.CURRENT, plugin.spiVersion());
        assertEquals(1, plugin.components().size());
        assertEquals("vit", plugin.components().get(0).name());
        assertEquals(ComponentKind.BACKBONE, plugin.components().get(0).kind());
    }

    @Test
    void defaultsAreViTSmall16At224() {
        ComponentConfig config = config(Map.of());
        assertEquals(List.of(), factory.validate(config));
        assertEquals(new VitArchitecture(384, 12, 6, 16, 224, 4.0, 0.1), factory.architecture(config));
        Backbone backbone = factory.create(config, ModelRole.STUDENT);
        assertEquals(384, backbone.outputDim());
        assertEquals(224, backbone.imageSize());
    }

    @Test
    void theBackboneOffersAttentionMapsWithItsPatchSize() {
        Backbone backbone = factory.create(config(Map.of("patch-size", "8")), ModelRole.EVALUATION);
        assertTrue(backbone instanceof dev.dinojvm.api.AttentionMaps);
        assertEquals(8, ((dev.dinojvm.api.AttentionMaps) backbone).patchSize());
    }

    @Test
    void presetsResolve() {
        assertEquals(new VitArchitecture(192, 12, 3, 16, 224, 4.0, 0.1), factory.architecture(config(Map.of("arch", "vit_tiny"))));
        assertEquals(new VitArchitecture(768, 12, 12, 16, 224, 4.0, 0.1), factory.architecture(config(Map.of("arch", "vit_base"))));
    }

    @Test
    void setValuesOverrideThePreset() {
        Map<String, String> values = Map.of("arch", "vit_base", "depth", "4", "embed-dim", "128", "heads", "4",
                "patch-size", "4", "image-size", "28", "drop-path", "0", "mlp-ratio", "2");
        assertEquals(List.of(), factory.validate(config(values)));
        assertEquals(new VitArchitecture(128, 4, 4, 4, 28, 2.0, 0.0), factory.architecture(config(values)));
        assertEquals(new VitArchitecture(768, 3, 12, 16, 224, 4.0, 0.1),
                factory.architecture(config(Map.of("arch", "vit_base", "depth", "3"))));
    }

    @Test
    void reportsEveryProblemAtOnceWithItsKeyPath() {
        List<ConfigProblem> problems = factory.validate(config(Map.of(
                "arch", "vit_huge",
                "embed-dim", "big",
                "depth", "0",
                "patch-size", "15",
                "drop-path", "1.0",
                "mlp-ratio", "-1")));
        Set<String> keys = problems.stream().map(ConfigProblem::key).collect(Collectors.toSet());
        assertEquals(Set.of("dino.backbone.arch", "dino.backbone.embed-dim", "dino.backbone.depth",
                "dino.backbone.patch-size", "dino.backbone.drop-path", "dino.backbone.mlp-ratio"), keys, problems.toString());
        assertEquals(6, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("divisible")), problems.toString());
    }

    @Test
    void reportsDivisibilityOnTheKeyTheUserSet() {
        assertEquals(List.of("dino.backbone.heads"), keys(factory.validate(config(Map.of("heads", "5")))));
        assertEquals(List.of("dino.backbone.embed-dim"), keys(factory.validate(config(Map.of("embed-dim", "100")))));
        assertEquals(List.of("dino.backbone.image-size"), keys(factory.validate(config(Map.of("image-size", "100")))));
        assertEquals(List.of("dino.backbone.heads", "dino.backbone.image-size", "dino.backbone.drop-path"),
                keys(factory.validate(config(Map.of("heads", "-2", "image-size", "0", "drop-path", "-0.1")))));
        assertEquals(List.of("dino.backbone.mlp-ratio"),
                keys(factory.validate(config(Map.of("embed-dim", "8", "heads", "2", "mlp-ratio", "0.1")))));
    }

    private ComponentConfig config(Map<String, String> values) {
        return new ComponentConfig("dino.backbone", factory.configKeys(), values);
    }

    private static List<String> keys(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::key).toList();
    }
}
