package dev.dinojvm.engine.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.dinojvm.api.BackboneFactory;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.engine.eval.NpyFiles;
import dev.dinojvm.engine.eval.TrainedBackbone;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.runtime.DjlRuntime;
import dev.dinojvm.plugins.vit.VitBackbone;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DINOv2 backbones in the official hub, timm and Hugging Face layouts against the tokens of
 * facebookresearch/dinov2's own {@code DinoVisionTransformer} ({@code src/test/resources/dinov2/make_fixtures.py}):
 * dimension 24, depth 2, 2 heads, patch 14, image 42, random weights; the architecture is read from each file.
 */
class Dinov2WeightsTest {

    private static final double TOLERANCE = 1e-5;
    private static final int DIM = 24;

    @BeforeAll
    static void startEngine() {
        DjlRuntime.initialise();
    }

    static Path fixture(String name) {
        try {
            return Path.of(Dinov2WeightsTest.class.getResource("/dinov2/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The architecture as ArchitectureHints reads it from the file; heads are not in a state dict. */
    static TrainedBackbone load(String file) throws IOException {
        ModelWeights weights = WeightsFile.read(fixture(file), Optional.empty());
        PluginRegistry registry = WeightFixtures.registry();
        BackboneFactory factory = registry.require(ComponentKind.BACKBONE, "vit", BackboneFactory.class);
        Map<String, String> values = new LinkedHashMap<>(ArchitectureHints.of(weights.backbone()));
        values.put("heads", "2");
        return TrainedBackbone.fromWeights(weights, factory, new ComponentConfig("dino.backbone", factory.configKeys(), values),
                ChannelAdaptation.forWeights(false), Device.cpu());
    }

    @ParameterizedTest
    @CsvSource({"reg4.pth, reg4, 42", "reg4.pth, reg4, 28", "reg4-timm.safetensors, reg4, 42", "reg4-timm.safetensors, reg4, 28",
            "reg4-hf.safetensors, reg4, 42", "reg4-hf.safetensors, reg4, 28", "swiglu.pth, swiglu, 42", "swiglu.pth, swiglu, 28",
            "swiglu-timm.safetensors, swiglu, 42", "swiglu-timm.safetensors, swiglu, 28"})
    void clsAndPatchTokensEqualDinov2s(String file, String model, int size) throws IOException {
        int registers = model.equals("reg4") ? 4 : 0;
        NpyFiles.NpyArray expected = NpyFiles.read(fixture(model + "-tokens-" + size + ".npy"));
        try (TrainedBackbone backbone = load(file); NDManager scope = backbone.manager().newSubManager()) {
            NDArray tokens = backbone.tokens(images(scope, size));
            int patches = (size / 14) * (size / 14);
            assertThat(tokens.getShape()).isEqualTo(new Shape(2, 1 + patches, DIM));
            float[] actual = tokens.toFloatArray();
            float[] reference = expected.values();
            int referenceTokens = 1 + registers + patches;
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < 1 + patches; t++) {
                    int referenceRow = t == 0 ? 0 : t + registers;
                    for (int d = 0; d < DIM; d++) {
                        assertThat((double) actual[(b * (1 + patches) + t) * DIM + d])
                                .as("%s image %d token %d channel %d", file, b, t, d)
                                .isCloseTo(reference[(b * referenceTokens + referenceRow) * DIM + d], org.assertj.core.data.Offset.offset(TOLERANCE));
                    }
                }
                float[] cls = java.util.Arrays.copyOfRange(actual, b * (1 + patches) * DIM, (b * (1 + patches) + 1) * DIM);
                float[] referenceCls = java.util.Arrays.copyOfRange(reference, b * referenceTokens * DIM, (b * referenceTokens + 1) * DIM);
                assertThat(WeightFixtures.cosine(cls, referenceCls)).isGreaterThanOrEqualTo(0.9999);
            }
        }
    }

    @Test
    void registerTokensAndMaskedPatchesEqualDinov2s() throws IOException {
        float[] expected = NpyFiles.read(fixture("reg4-masked-tokens-42.npy")).values();
        float[] masks = NpyFiles.read(fixture("masks-42.npy")).values();
        try (TrainedBackbone backbone = load("reg4.pth"); NDManager scope = backbone.manager().newSubManager()) {
            VitBackbone vit = (VitBackbone) backbone.backbone();
            NDArray tokens = vit.block().allTokens(backbone.parameterStore(), images(scope, 42),
                    scope.create(masks, new Shape(2, 9)), false);
            assertThat(tokens.getShape()).isEqualTo(new Shape(2, 1 + 4 + 9, DIM));
            float[] actual = tokens.toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertThat((double) actual[i]).as("value %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(TOLERANCE));
            }
        }
    }

    @Test
    void theFileImpliesRegistersLayerScaleSwigluAndMaskToken() throws IOException {
        Map<String, String> reg4 = ArchitectureHints.of(WeightsFile.read(fixture("reg4-timm.safetensors"), Optional.empty()).backbone());
        Map<String, String> swiglu = ArchitectureHints.of(WeightsFile.read(fixture("swiglu.pth"), Optional.empty()).backbone());

        assertThat(reg4).containsEntry("registers", "4").containsEntry("layer-scale", "1.0E-5").containsEntry("ffn", "mlp")
                .containsEntry("patch-size", "14").containsEntry("image-size", "42").containsEntry("embed-dim", "24")
                .containsEntry("depth", "2").containsEntry("mask-token", "false"); // timm drops the mask token
        assertThat(swiglu).containsEntry("registers", "0").containsEntry("ffn", "swiglu").containsEntry("mlp-ratio", "4.0")
                .containsEntry("mask-token", "true");
    }

    @Test
    void aModelWithoutRegistersRefusesTheRegisterFileStrictly() {
        PluginRegistry registry = WeightFixtures.registry();
        BackboneFactory factory = registry.require(ComponentKind.BACKBONE, "vit", BackboneFactory.class);
        Map<String, String> values = new LinkedHashMap<>(Map.of("embed-dim", "24", "depth", "2", "heads", "2", "patch-size", "14",
                "image-size", "42", "layer-scale", "1e-5", "mask-token", "true"));
        assertThatThrownBy(() -> TrainedBackbone.fromWeights(WeightsFile.read(fixture("reg4.pth"), Optional.empty()), factory,
                new ComponentConfig("dino.backbone", factory.configKeys(), values), ChannelAdaptation.forWeights(false), Device.cpu()))
                .hasMessageContaining("register_tokens");
    }

    private static NDArray images(NDManager manager, int size) throws IOException {
        NpyFiles.NpyArray images = NpyFiles.read(fixture("images-" + size + ".npy"));
        return manager.create(images.values(), new Shape(2, 3, size, size));
    }
}
