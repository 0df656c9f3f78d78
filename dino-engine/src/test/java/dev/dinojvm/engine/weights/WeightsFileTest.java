package dev.dinojvm.engine.weights;

import static dev.dinojvm.engine.weights.WeightFixtures.IMAGES;
import static dev.dinojvm.engine.weights.WeightFixtures.TOKENS;
import static dev.dinojvm.engine.weights.WeightFixtures.cosine;
import static dev.dinojvm.engine.weights.WeightFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.dinojvm.engine.eval.TrainedBackbone;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.runtime.DjlRuntime;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every supported layout read from files PyTorch wrote, each refusal, and each mismatch report. */
class WeightsFileTest {

    private static PluginRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startEngine() {
        DjlRuntime.initialise();
        registry = WeightFixtures.registry();
    }

    @ParameterizedTest
    @CsvSource({
        "vit-backbone.pth, DINO_PTH",
        "vit-full-checkpoint.pth, DINO_CHECKPOINT",
        "vit-hf.safetensors, HUGGING_FACE",
        "vit-timm.safetensors, TIMM",
    })
    void eachLayoutIsRecognisedAndGivesTheClsFeaturesPyTorchComputed(String file, WeightsFormat format) throws IOException {
        assertThat(WeightsFile.read(WeightFixtures.file(file), Optional.empty()).format()).isEqualTo(format);
        float[] expected = WeightFixtures.npy("teacher-tokens.npy").values();

        try (TrainedBackbone model = WeightFixtures.load(registry, file, Optional.empty());
                NDManager scope = model.manager().newSubManager()) {
            float[] features = model.features(WeightFixtures.images(scope)).toFloatArray();
            for (int i = 0; i < IMAGES; i++) {
                assertThat(cosine(row(features, i), row(expected, i * TOKENS)))
                        .as("cosine similarity of image %d", i).isGreaterThan(0.9999);
            }
        }
    }

    @Test
    void theFullCheckpointGivesTheTeacherWithoutDdpPrefixesAndItsHeadAndSaysWhatItIgnored() throws IOException {
        ModelWeights weights = WeightsFile.read(WeightFixtures.file("vit-full-checkpoint.pth"), Optional.empty());

        assertThat(weights.backbone()).containsKey("blocks.1.attn.qkv.weight").doesNotContainKey("module.backbone.cls_token");
        assertThat(weights.head().keySet()).containsExactlyInAnyOrder("mlp.0.weight", "mlp.0.bias", "mlp.2.weight",
                "mlp.2.bias", "mlp.4.weight", "mlp.4.bias", "last_layer.weight_g", "last_layer.weight_v");
        assertThat(weights.notes()).singleElement().asString()
                .contains("teacher", "vit_tiny", "epoch 3", "student, optimizer", "args", "dino_loss");
    }

    @Test
    void theHuggingFacePoolerIsIgnoredAndSaidSo() throws IOException {
        ModelWeights weights = WeightsFile.read(WeightFixtures.file("vit-hf.safetensors"), Optional.empty());

        assertThat(weights.backbone()).doesNotContainKeys("pooler.dense.weight").containsKey("blocks.0.attn.qkv.bias");
        assertThat(weights.backbone().get("blocks.0.attn.qkv.weight").shape()).containsExactly(48, 16);
        assertThat(weights.notes()).first().asString().contains("pooler (2 tensors)");
        assertThat(weights.notes()).hasSize(2).last().asString().contains("eps 1e-6");
    }

    @Test
    void aFormatGivenByTheUserIsTrustedAndAMismatchListsTheNames() throws IOException {
        ModelWeights asTimm = WeightsFile.read(WeightFixtures.file("vit-hf.safetensors"), Optional.of(WeightsFormat.TIMM));

        assertThat(asTimm.format()).isEqualTo(WeightsFormat.TIMM);
        assertThatThrownBy(() -> WeightFixtures.load(registry, "vit-hf.safetensors", Optional.of(WeightsFormat.TIMM)))
                .isInstanceOf(WeightsFileException.class)
                .hasMessageContaining("vit-hf.safetensors does not fit the model: 30 missing: cls_token, pos_embed,")
                .hasMessageContaining("and 22 more; 40 unexpected: embeddings.cls_token")
                .hasMessageEndingWith("(does the architecture match the weights?)");
        assertThatThrownBy(() -> WeightsFile.read(WeightFixtures.file("vit-hf.safetensors"), Optional.of(WeightsFormat.DINO_PTH)))
                .hasMessage("vit-hf.safetensors is a safetensors file, not the PyTorch .pth of --weights-format dino-pth");
    }

    @Test
    void strictLoadingListsMissingUnexpectedAndMisshapenTensorsByName() {
        assertThatThrownBy(() -> WeightFixtures.load(registry, "vit-backbone.pth", Optional.empty(), "depth", "3"))
                .hasMessageStartingWith("vit-backbone.pth does not fit the model: 12 missing: blocks.2.norm1.weight,");
        assertThatThrownBy(() -> WeightFixtures.load(registry, "vit-backbone.pth", Optional.empty(), "depth", "1"))
                .hasMessageStartingWith("vit-backbone.pth does not fit the model: 12 unexpected: blocks.1.norm1.weight,");
        assertThatThrownBy(() -> WeightFixtures.load(registry, "vit-backbone.pth", Optional.empty(), "mlp-ratio", "2"))
                .hasMessageContaining("6 shape mismatch: blocks.0.mlp.fc1.weight has shape (64, 16) but the model expects (32, 16)");
    }

    @Test
    void nonStrictLoadingSetsWhatFitsAndReportsTheRest() throws IOException {
        ModelWeights weights = WeightsFile.read(WeightFixtures.file("vit-backbone.pth"), Optional.empty());
        try (NDManager manager = NDManager.newBaseManager()) {
            var network = WeightFixtures.network(registry, dev.dinojvm.api.ModelRole.TEACHER, manager);
            var withoutNorm = new java.util.LinkedHashMap<>(weights.backbone());
            withoutNorm.remove("norm.bias");
            withoutNorm.put("extra.weight", new WeightTensor(new long[] {1}, new float[] {1}));

            LoadReport report = WeightsLoader.load(network.parameters(), "backbone.", withoutNorm, false, "test", "",
                    ChannelAdaptation.forWeights(false));

            assertThat(report.missing()).containsExactly("norm.bias");
            assertThat(report.unexpected()).containsExactly("extra.weight");
            assertThat(report.loaded()).hasSize(weights.backbone().size() - 1);
            assertThat(network.parameters().get("backbone.cls_token").getArray().toFloatArray())
                    .containsExactly(weights.backbone().get("cls_token").values());
        }
    }

    @Test
    void aPositionalEmbeddingForAnotherGridIsResampledAsTorchInterpolateDoes() throws IOException {
        float[] expected = WeightFixtures.npy("pos-embed-48.npy").values();

        try (TrainedBackbone model = WeightFixtures.load(registry, "vit-backbone.pth", Optional.empty(), "image-size", "48")) {
            NDArray positions = model.backbone().block().getParameters().get("pos_embed").getArray();

            assertThat(positions.getShape().getShape()).containsExactly(1, 37, 16);
            float[] actual = positions.toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
            }
            assertThat(model.notes()).contains("interpolated the positional embedding from a 4x4 to a 6x6 patch grid (bicubic)");
        }
    }

    @Test
    void aPickleThatWouldRunCodeIsRefusedNamingTheGlobal() {
        assertThatThrownBy(() -> WeightsFile.read(WeightFixtures.file("evil.pth"), Optional.empty()))
                .isInstanceOf(WeightsFileException.class)
                .hasMessageStartingWith("evil.pth: refused the pickle global __builtin__.eval,")
                .hasMessageContaining("nothing was executed");
    }

    @Test
    void aTruncatedZipIsRefusedInOneLine() throws IOException {
        byte[] whole = Files.readAllBytes(WeightFixtures.file("vit-backbone.pth"));
        Path truncated = dir.resolve("truncated.pth");
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> WeightsFile.read(truncated, Optional.empty()))
                .hasMessageStartingWith("truncated.pth is a damaged or truncated zip archive")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aStorageOfTheWrongSizeIsRefused() throws IOException {
        Path damaged = dir.resolve("short-storage.pth");
        try (ZipFile original = new ZipFile(WeightFixtures.file("vit-backbone.pth").toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(damaged))) {
            for (ZipEntry entry : java.util.Collections.list(original.entries())) {
                byte[] content = original.getInputStream(entry).readAllBytes();
                if (entry.getName().endsWith("/data/0")) {
                    content = Arrays.copyOf(content, content.length - 4);
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(content);
            }
        }

        assertThatThrownBy(() -> WeightsFile.read(damaged, Optional.empty()))
                .hasMessageMatching("short-storage\\.pth: storage data/0 holds \\d+ bytes but \\d+ FloatStorage elements need \\d+ \\(damaged file\\)");
    }

    @Test
    void aLegacyNonZipFileIsRefusedWithHowToResaveIt() {
        assertThatThrownBy(() -> WeightsFile.read(WeightFixtures.file("legacy.pth"), Optional.empty()))
                .hasMessageStartingWith("legacy.pth is a legacy PyTorch file")
                .hasMessageContaining("torch.save(torch.load('legacy.pth'), 'converted.pth')");
    }

    @Test
    void aFileOfNeitherKindIsRefused() throws IOException {
        Path text = dir.resolve("notes.pth");
        try (OutputStream out = Files.newOutputStream(text)) {
            out.write("just some text, not weights".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        assertThatThrownBy(() -> WeightsFile.read(text, Optional.empty()))
                .hasMessage("notes.pth is neither a PyTorch .pth (zip) file nor a safetensors file");
    }
}
