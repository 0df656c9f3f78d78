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
    void reportsEveryValueOutsideItsDeclarationAtOnceWithItsKeyPath() {
        List<ConfigProblem> problems = problems(Map.of(
                "arch", "vit_huge",
                "embed-dim", "big",
                "depth", "0",
                "heads", "-2",
                "image-size", "0",
                "drop-path", "1.0",
                "mlp-ratio", "-1"));
        assertEquals(Set.of(
                new ConfigProblem("dino.backbone.arch", "'vit_huge' is not one of vit_tiny, vit_small, vit_base"),
                new ConfigProblem("dino.backbone.embed-dim", "expected an integer, got 'big'"),
                new ConfigProblem("dino.backbone.depth", "must be at least 1, got 0"),
                new ConfigProblem("dino.backbone.heads", "must be at least 1, got -2"),
                new ConfigProblem("dino.backbone.image-size", "must be at least 1, got 0"),
                new ConfigProblem("dino.backbone.drop-path", "must be at least 0 and below 1, got 1.0"),
                new ConfigProblem("dino.backbone.mlp-ratio", "must be greater than 0, got -1")), Set.copyOf(problems));
        assertEquals(7, problems.size(), problems.toString());
    }

    @Test
    void reportsDivisibilityOnTheKeyTheUserSet() {
        assertEquals(List.of("dino.backbone.heads"), keys(problems(Map.of("heads", "5"))));
        assertEquals(List.of("dino.backbone.embed-dim"), keys(problems(Map.of("embed-dim", "100"))));
        assertEquals(List.of("dino.backbone.image-size"), keys(problems(Map.of("image-size", "100"))));
        assertEquals(List.of("dino.backbone.embed-dim", "dino.backbone.image-size"),
                keys(problems(Map.of("embed-dim", "100", "image-size", "100"))), "every check across keys at once");
        assertEquals(List.of(new ConfigProblem("dino.backbone.mlp-ratio", "gives an MLP hidden dimension of 0 with embed-dim 8, got 0.1")),
                problems(Map.of("embed-dim", "8", "heads", "2", "mlp-ratio", "0.1")));
    }

    /** What the engine reports: each value against its key, then, when all pass, the factory's checks across keys. */
    private List<ConfigProblem> problems(Map<String, String> values) {
        ComponentConfig config = config(values);
        List<ConfigProblem> declared = config.typeProblems();
        return declared.isEmpty() ? factory.validate(config) : declared;
    }

    private ComponentConfig config(Map<String, String> values) {
        return new ComponentConfig("dino.backbone", factory.configKeys(), values);
    }

    private static List<String> keys(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::key).toList();
    }
}
