package dev.dinojvm.engine.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import dev.dinojvm.api.Backbone;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.api.CropLayout;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.ConfigInput;
import dev.dinojvm.engine.config.ConfigLoader;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.parallel.ProcessGroup;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.plugin.PluginSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** iBOT is refused, in one line and before any training, with a backbone that cannot mask patches. */
class IbotRefusalsTest {

    private static final PluginRegistry REGISTRY =
            PluginRegistry.load(List.of(PluginSource.classPath(IbotRefusalsTest.class.getClassLoader())), false);

    private static DinoSettings load(String... assignments) {
        return new ConfigLoader(REGISTRY, Map.of()).load(new ConfigInput(null, List.of(), List.of(assignments)));
    }

    private static void buildTrainer(DinoSettings settings) {
        TrainingComponents components = new TrainingComponents(settings, REGISTRY);
        try (NDManager manager = NDManager.newBaseManager()) {
            components.trainer(components.recipe(3, 4), new CropLayout(2, 28, 2, 14), manager, 0, List.of(Device.cpu()),
                    ProcessGroup.SINGLE).close();
        }
    }

    @Test
    void aVitWithoutAMaskTokenIsRefusedNamingTheKey() {
        DinoSettings settings = load("dino.ibot.loss-weight=1", "dino.backbone.depth=1", "dino.backbone.embed-dim=16",
                "dino.backbone.heads=2", "dino.backbone.patch-size=7", "dino.backbone.image-size=28", "dino.head.out-dim=32",
                "dino.head.hidden-dim=32", "dino.head.bottleneck-dim=16");

        assertThatThrownBy(() -> buildTrainer(settings)).isInstanceOf(ConfigException.class)
                .hasMessage("dino.ibot.loss-weight: iBOT replaces masked patches by a mask token, which this 'vit' backbone has not;"
                        + " set dino.backbone.mask-token=true");
    }

    @Test
    void withTheMaskTokenTheTrainerIsBuilt() {
        buildTrainer(load("dino.ibot.loss-weight=1", "dino.backbone.mask-token=true", "dino.backbone.depth=1",
                "dino.backbone.embed-dim=16", "dino.backbone.heads=2", "dino.backbone.patch-size=7", "dino.backbone.image-size=28",
                "dino.head.out-dim=32", "dino.head.hidden-dim=32", "dino.head.bottleneck-dim=16"));
    }

    @Test
    void aBackboneWithoutPatchTokensIsRefused() {
        Block block = Linear.builder().setUnits(4).build();
        Backbone pooled = new Backbone() {
            public Block block() {
                return block;
            }

            public int outputDim() {
                return 4;
            }

            public int imageSize() {
                return 8;
            }
        };

        assertThat(TrainingComponents.ibotProblem(pooled, "tiny-cnn", false)).contains(new ConfigProblem("dino.ibot.loss-weight",
                "iBOT needs patch tokens with masked patches, which backbone 'tiny-cnn' does not give; set it to 0 or use the vit"
                        + " backbone"));
    }

    @Test
    void maskRatiosOutOfOrderAreRefused() {
        assertThatThrownBy(() -> load("dino.ibot.mask-ratio-min=0.6")).isInstanceOf(ConfigException.class)
                .hasMessage("dino.ibot.mask-ratio-min: 0.6 is above dino.ibot.mask-ratio-max = 0.5");
    }
}
