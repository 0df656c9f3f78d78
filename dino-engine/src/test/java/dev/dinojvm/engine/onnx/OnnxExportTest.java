package dev.dinojvm.engine.onnx;

import static dev.dinojvm.engine.weights.WeightFixtures.cosine;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.dinojvm.api.AttentionMaps;
import dev.dinojvm.api.BackboneFactory;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.engine.eval.NpyFiles;
import dev.dinojvm.engine.eval.TrainedBackbone;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.plugin.PluginSource;
import dev.dinojvm.engine.runtime.DjlRuntime;
import dev.dinojvm.engine.weights.ChannelAdaptation;
import dev.dinojvm.engine.weights.WeightsFile;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import onnx.Onnx.ModelProto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The ONNX export of the ViT, run by ONNX Runtime in this JVM beside libtorch, against this project's
 * forward (and PyTorch's, through the fixtures): on the official-format weight fixtures written by
 * {@code src/test/resources/weights/make_fixtures.py} (dim 16, depth 2, 2 heads, patch 8, image 32),
 * for batches of 1 and 7, fixed and dynamic image sizes. Every exported file passes ONNX's checker.
 */
class OnnxExportTest {

    private static final double MIN_COSINE = 0.99999;
    private static final double MAX_ABS = 1e-4;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startEngine() {
        DjlRuntime.initialise();
    }

    @ParameterizedTest
    @ValueSource(strings = {"vit-backbone.pth", "vit-full-checkpoint.pth", "vit-timm.safetensors", "vit-hf.safetensors"})
    void aDynamicSizeExportEqualsTheProjectsForwardOnEachOfficialFormat(String fixture) throws Exception {
        try (TrainedBackbone model = load(fixture)) {
            Path file = export(model, new OnnxExportOptions(0, true, true, false), fixture + ".onnx");
            for (int[] size : new int[][] {{32, 32}, {48, 48}, {40, 56}}) {
                for (int batch : new int[] {1, 7}) {
                    assertSameOutputs(model, file, batch, size[0], size[1], MIN_COSINE, MAX_ABS);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 48})
    void aFixedSizeExportEqualsTheProjectsForward(int size) throws Exception {
        try (TrainedBackbone model = load("vit-backbone.pth")) {
            Path file = export(model, new OnnxExportOptions(size, true, true, false), "fixed-" + size + ".onnx");
            for (int batch : new int[] {1, 7}) {
                assertSameOutputs(model, file, batch, size, size, MIN_COSINE, MAX_ABS);
            }
            try (OrtSession session = session(file)) {
                assertThat(session.getInputInfo().get(OnnxExportOptions.INPUT).getInfo().toString()).contains("shape=[-1, 3, " + size + ", " + size + "]");
            }
        }
    }

    @Test
    void aFourChannelModelExportsWithFourInputChannelsAndTheSameOutputs() throws Exception {
        try (TrainedBackbone model = load("vit-backbone.pth", ChannelAdaptation.forWeights(true), "in-chans", "4")) {
            Path file = export(model, new OnnxExportOptions(32, true, true, false), "four-channels.onnx");
            try (OrtSession session = session(file)) {
                assertThat(session.getInputInfo().get(OnnxExportOptions.INPUT).getInfo().toString()).contains("shape=[-1, 4, 32, 32]");
                assertThat(session.getMetadata().getCustomMetadata()).containsEntry("in_chans", "4").doesNotContainKey("mean");
            }
            assertSameOutputs(model, file, 2, 32, 32, MIN_COSINE, MAX_ABS);
        }
    }

    @Test
    void theClsFeatureIsTheOnlyOutputByDefaultAndMatchesPyTorchsForward() throws Exception {
        NpyFiles.NpyArray images = NpyFiles.read(fixture("images.npy"));
        float[] expected = NpyFiles.read(fixture("teacher-tokens.npy")).values();
        try (TrainedBackbone model = load("vit-backbone.pth")) {
            Path file = export(model, new OnnxExportOptions(32, false, false, false), "cls-only.onnx");
            try (OrtSession session = session(file);
                    OnnxTensor input = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(),
                            FloatBuffer.wrap(images.values()), images.shape());
                    OrtSession.Result result = session.run(Map.of(OnnxExportOptions.INPUT, input))) {
                assertThat(session.getOutputNames()).containsExactly(OnnxExportOptions.FEATURES);
                float[] features = values((OnnxTensor) result.get(0));
                for (int i = 0; i < 3; i++) {
                    float[] cls = java.util.Arrays.copyOfRange(expected, i * 17 * 16, i * 17 * 16 + 16);
                    assertThat(cosine(java.util.Arrays.copyOfRange(features, i * 16, (i + 1) * 16), cls))
                            .as("image %d against PyTorch", i).isGreaterThan(MIN_COSINE);
                }
            }
        }
    }

    @Test
    void float16WeightsHalveTheFileAndKeepTheFeatures() throws Exception {
        try (TrainedBackbone model = load("vit-backbone.pth")) {
            Path full = export(model, new OnnxExportOptions(0, true, true, false), "fp32.onnx");
            Path half = export(model, new OnnxExportOptions(0, true, true, true), "fp16.onnx");

            assertThat(Files.size(half)).isLessThan(Files.size(full) * 7 / 10);
            ModelProto stored = ModelProto.parseFrom(Files.readAllBytes(half));
            assertThat(stored.getGraph().getInitializerList())
                    .filteredOn(t -> t.getDataType() != onnx.Onnx.TensorProto.DataType.INT64_VALUE
                            && t.getDimsList().stream().reduce(1L, (a, b) -> a * b) >= 16)
                    .hasSize(4 + 2 * 12 + 2)
                    .allSatisfy(t -> assertThat(t.getDataType()).as(t.getName()).isEqualTo(onnx.Onnx.TensorProto.DataType.FLOAT16_VALUE));
            // float16 rounds each weight by up to 2^-11 of its size: close, not equal
            assertSameOutputs(model, half, 7, 48, 48, 0.999, 0.05);
        }
    }

    @Test
    void parametersOutsideTheMappingAreRefusedNamingTheFirst() {
        // Variants the ViT may grow (register tokens, LayerScale, SwiGLU) are refused, not exported wrongly.
        var architecture = new dev.dinojvm.plugins.vit.VitArchitecture(16, 1, 2, 8, 32, 4, 0);
        List<String> names = new java.util.ArrayList<>(VitOnnxGraph.expectedNames(architecture));
        VitOnnxGraph.requireMapped(names, architecture);
        names.add(4, "register_tokens");
        names.add("blocks.0.ls1.gamma");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> VitOnnxGraph.requireMapped(names, architecture))
                .isInstanceOf(NotExportableException.class)
                .hasMessageStartingWith("the ViT's parameter register_tokens has no ONNX mapping");
    }

    /** ONNX Runtime's outputs against libtorch's, for random normalised images of the given size. */
    private static void assertSameOutputs(TrainedBackbone model, Path file, int batch, int height, int width,
            double minCosine, double maxAbs) throws Exception {
        int channels = model.backbone().inputChannels();
        float[] pixels = new float[batch * channels * height * width];
        Random random = new Random(batch * 1000L + height + width);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        String what = file.getFileName() + " batch " + batch + " " + height + "x" + width;
        try (NDManager scope = model.manager().newSubManager();
                OrtSession session = session(file);
                OnnxTensor input = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(pixels),
                        new long[] {batch, channels, height, width});
                OrtSession.Result result = session.run(Map.of(OnnxExportOptions.INPUT, input))) {
            NDArray images = scope.create(pixels, new Shape(batch, channels, height, width));
            NDArray tokens = model.tokens(images);
            NDArray attention = ((AttentionMaps) model.backbone()).lastSelfAttention(model.parameterStore(), images);
            int dim = model.backbone().outputDim();

            assertClose(what + " features", output(result, OnnxExportOptions.FEATURES), model.features(images), dim, minCosine, maxAbs);
            assertClose(what + " patch tokens", output(result, OnnxExportOptions.PATCH_TOKENS), tokens.get(new NDIndex(":, 1:, :")),
                    dim, minCosine, maxAbs);
            int count = (int) attention.getShape().get(3);
            assertClose(what + " attention", output(result, OnnxExportOptions.ATTENTION), attention, count, minCosine, maxAbs);
        }
    }

    private static float[] values(OnnxTensor tensor) {
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static OnnxTensor output(OrtSession.Result result, String name) {
        return (OnnxTensor) result.get(name).orElseThrow(() -> new AssertionError("no output " + name));
    }

    /** Same shape; each row of {@code rowLength} values within the cosine and the absolute difference. */
    private static void assertClose(String what, OnnxTensor actual, NDArray expected, int rowLength, double minCosine, double maxAbs) {
        assertThat(actual.getInfo().getShape()).as(what + " shape").containsExactly(expected.getShape().getShape());
        float[] a = values(actual);
        float[] e = expected.toFloatArray();
        double worstCosine = 1;
        double worstAbs = 0;
        for (int row = 0; row < e.length / rowLength; row++) {
            float[] ra = java.util.Arrays.copyOfRange(a, row * rowLength, (row + 1) * rowLength);
            float[] re = java.util.Arrays.copyOfRange(e, row * rowLength, (row + 1) * rowLength);
            worstCosine = Math.min(worstCosine, cosine(ra, re));
            for (int i = 0; i < rowLength; i++) {
                worstAbs = Math.max(worstAbs, Math.abs(ra[i] - re[i]));
            }
        }
        assertThat(worstCosine).as(what + ": smallest cosine").isGreaterThanOrEqualTo(minCosine);
        assertThat(worstAbs).as(what + ": largest absolute difference").isLessThanOrEqualTo(maxAbs);
    }

    private static Path export(TrainedBackbone model, OnnxExportOptions options, String name) throws Exception {
        ModelProto proto = OnnxExport.model(model, options);
        Path file = dir.resolve(name);
        OnnxExport.write(proto, file);
        OnnxChecker.assertValid(file);
        return file;
    }

    private static OrtSession session(Path file) throws Exception {
        return OrtEnvironment.getEnvironment().createSession(file.toString(), new OrtSession.SessionOptions());
    }

    private static TrainedBackbone load(String fixture) throws IOException {
        return load(fixture, ChannelAdaptation.forWeights(false));
    }

    /** The fixture architecture, with some settings changed (e.g. {@code "in-chans", "4"}). */
    private static TrainedBackbone load(String fixture, ChannelAdaptation channels, String... overrides) throws IOException {
        PluginRegistry registry = PluginRegistry.load(List.of(PluginSource.classPath(OnnxExportTest.class.getClassLoader())), false);
        BackboneFactory factory = registry.require(ComponentKind.BACKBONE, "vit", BackboneFactory.class);
        Map<String, String> values = new java.util.LinkedHashMap<>(Map.of("arch", "vit_tiny",
                "embed-dim", "16", "depth", "2", "heads", "2", "patch-size", "8", "image-size", "32"));
        for (int i = 0; i < overrides.length; i += 2) {
            values.put(overrides[i], overrides[i + 1]);
        }
        ComponentConfig config = new ComponentConfig("dino.backbone", factory.configKeys(), values);
        return TrainedBackbone.fromWeights(WeightsFile.read(fixture(fixture), Optional.empty()), factory, config, channels, Device.cpu());
    }

    private static Path fixture(String name) {
        try {
            return Path.of(OnnxExportTest.class.getResource("/weights/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
