package dev.dinojvm.plugins.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.dinojvm.api.Backbone;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ModelRole;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code in-chans}: the patch embedding takes the configured number of channels; RGB when unset. */
class InputChannelsTest {

    private final VitBackboneFactory factory = new VitBackboneFactory();

    @Test
    void unsetMeansRgb() {
        Backbone backbone = factory.create(config(Map.of()), ModelRole.STUDENT);
        assertEquals(3, backbone.inputChannels());
        assertEquals(null, factory.configKeys().stream().filter(k -> k.name().equals("in-chans")).findFirst().orElseThrow().defaultValue(),
                "no default: the engine takes it from the data");
    }

    @Test
    void patchEmbeddingTakesTheConfiguredChannels() {
        for (int channels : new int[] {1, 4, 13}) {
            Backbone backbone = factory.create(config(Map.of("in-chans", Integer.toString(channels))), ModelRole.EVALUATION);
            assertEquals(channels, backbone.inputChannels());
            try (NDManager manager = NDManager.newBaseManager()) {
                backbone.block().initialize(manager, DataType.FLOAT32, new Shape(1, channels, 16, 16));
                Shape weight = backbone.block().getParameters().get("patch_embed.proj.weight").getArray().getShape();
                assertEquals(new Shape(32, channels, 8, 8), weight);
                NDArray images = manager.randomUniform(0, 1, new Shape(2, channels, 16, 16));
                NDList out = backbone.block().forward(new ParameterStore(manager, false), new NDList(images), false);
                assertEquals(new Shape(2, 32), out.singletonOrThrow().getShape());
            }
        }
    }

    @Test
    void outOfRangeIsAProblem() {
        assertFalse(config(Map.of("in-chans", "0")).typeProblems().isEmpty());
    }

    private ComponentConfig config(Map<String, String> values) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("arch", "vit_tiny", "embed-dim", "32", "depth", "1", "heads", "2",
                "patch-size", "8", "image-size", "16"));
        all.putAll(values);
        return new ComponentConfig(ComponentKind.BACKBONE.configPrefix(), factory.configKeys(), all);
    }
}
