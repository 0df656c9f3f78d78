package dev.dinojvm.engine.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import dev.dinojvm.api.BackboneFactory;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ModelRole;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.eval.NpyFiles;
import dev.dinojvm.engine.eval.TrainedBackbone;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.runtime.DjlRuntime;
import dev.dinojvm.engine.train.DinoNetwork;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Loading a patch embedding over another input channel count: an RGB one is adapted by timm's rule when
 * allowed (against {@code src/test/resources/input-conv/make_fixtures.py}), refused in one line otherwise.
 */
class ChannelAdaptationTest {

    private static final String PATCH = ChannelAdaptation.PATCH_WEIGHT;

    private static PluginRegistry registry;

    @BeforeAll
    static void startEngine() {
        DjlRuntime.initialise();
        registry = WeightFixtures.registry();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void anRgbPatchEmbeddingIsAdaptedByTimmsRuleWhenAllowed(int channels) throws IOException {
        WeightTensor expected = fixture("adapted-" + channels + ".npy");
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterList model = patchEmbedding(manager, channels);

            LoadReport report = WeightsLoader.load(model, "", Map.of(PATCH, fixture("rgb.npy")), true, "rgb.pth", "",
                    ChannelAdaptation.forTraining(true));

            float[] loaded = model.get(PATCH).getArray().toFloatArray();
            assertThat(loaded).hasSize(expected.values().length);
            for (int i = 0; i < loaded.length; i++) {
                assertThat(loaded[i]).as("value %d", i).isCloseTo(expected.values()[i], within(1e-6f));
            }
            assertThat(report.exact()).isTrue();
            assertThat(report.notes()).containsExactly("adapted the RGB patch embedding of rgb.pth to " + channels
                    + " input channels by timm's adapt_input_conv rule ("
                    + (channels == 1 ? "summed over red, green and blue" : "RGB repeated, times 3/4") + ")");
        }
    }

    @Test
    void strictLoadingRefusesAnotherChannelCountNamingBothAndTheSettingThatAllowsIt() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterList model = patchEmbedding(manager, 4);
            float[] before = model.get(PATCH).getArray().toFloatArray();

            assertThatThrownBy(() -> WeightsLoader.load(model, "", Map.of(PATCH, fixture("rgb.npy")), true, "rgb.pth", "",
                    ChannelAdaptation.forTraining(false)))
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                        assertThat(p.key()).isEqualTo("dino.backbone.in-chans");
                        assertThat(p.message()).isEqualTo("the model has 4 input channels but rgb.pth has 3; set"
                                + " dino.train.init-adapt-channels=true (--adapt-channels) to adapt its RGB patch embedding"
                                + " (timm's adapt_input_conv rule)");
                    }));
            assertThatThrownBy(() -> WeightsLoader.load(model, "", Map.of(PATCH, fixture("rgb.npy")), true, "rgb.pth", "",
                    ChannelAdaptation.forWeights(false)))
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems().get(0).message())
                            .endsWith("give --adapt-channels to adapt its RGB patch embedding (timm's adapt_input_conv rule)"));
            assertThat(model.get(PATCH).getArray().toFloatArray()).containsExactly(before);
        }
    }

    @Test
    void onlyRgbWeightsAreAdapted() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterList model = patchEmbedding(manager, 3);
            WeightTensor four = InputConvAdaptation.adapt(fixture("rgb.npy"), 4);

            assertThatThrownBy(() -> WeightsLoader.load(model, "", Map.of(PATCH, four), true, "four.safetensors", "",
                    ChannelAdaptation.forWeights(true)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("the model has 3 input channels but four.safetensors has 4; only RGB (3-channel)"
                            + " weights can be adapted to another channel count: use 4 input channels or other weights");
        }
    }

    @Test
    void nonStrictLoadingWithoutAdaptationListsThePatchEmbeddingAsMisshapen() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterList model = patchEmbedding(manager, 4);

            LoadReport report = WeightsLoader.load(model, "", Map.of(PATCH, fixture("rgb.npy")), false, "rgb.pth", "",
                    ChannelAdaptation.forTraining(false));

            assertThat(report.loaded()).isEmpty();
            assertThat(report.mismatched()).containsExactly(PATCH + " has shape (4, 3, 2, 2) but the model expects (4, 4, 2, 2)");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void initFromAnRgbFileGivesStudentAndTeacherOfAnotherChannelCountTimmsPatchEmbedding(int channels) throws IOException {
        ModelWeights file = WeightsFile.read(WeightFixtures.file("vit-backbone.pth"), Optional.empty());
        WeightTensor expected = fixture("vit-patch-adapted-" + channels + ".npy");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (NDManager manager = NDManager.newBaseManager()) {
            DinoNetwork student = WeightFixtures.network(registry, ModelRole.STUDENT, manager, 32, "in-chans", String.valueOf(channels));
            DinoNetwork teacher = WeightFixtures.network(registry, ModelRole.TEACHER, manager, 32, "in-chans", String.valueOf(channels));

            WeightsProvenance provenance = InitialWeights.apply(file.file(), Optional.empty(), true, ChannelAdaptation.forTraining(true),
                    student, teacher, new PrintStream(log, true, StandardCharsets.UTF_8));

            for (DinoNetwork network : new DinoNetwork[] {student, teacher}) {
                float[] patch = network.parameters().get("backbone." + PATCH).getArray().toFloatArray();
                assertThat(network.parameters().get("backbone." + PATCH).getArray().getShape().getShape())
                        .containsExactly(16, channels, 8, 8);
                for (int i = 0; i < patch.length; i++) {
                    assertThat(patch[i]).as("value %d", i).isCloseTo(expected.values()[i], within(1e-6f));
                }
                assertThat(network.parameters().get("backbone.blocks.1.mlp.fc2.weight").getArray().toFloatArray())
                        .containsExactly(file.backbone().get("blocks.1.mlp.fc2.weight").values());
            }
            assertThat(provenance.backboneReport().exact()).isTrue();
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("  adapted the RGB patch embedding of vit-backbone.pth (backbone) to "
                    + channels + " input channels by timm's adapt_input_conv rule");
        }
    }

    @Test
    void initFromAnRgbFileOnAFourChannelNetworkIsRefusedUnlessAdaptationIsAsked() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DinoNetwork student = WeightFixtures.network(registry, ModelRole.STUDENT, manager, 32, "in-chans", "4");
            DinoNetwork teacher = WeightFixtures.network(registry, ModelRole.TEACHER, manager, 32, "in-chans", "4");

            assertThatThrownBy(() -> InitialWeights.apply(WeightFixtures.file("vit-backbone.pth"), Optional.empty(), true,
                    ChannelAdaptation.forTraining(false), student, teacher, new PrintStream(new ByteArrayOutputStream())))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("dino.backbone.in-chans: the model has 4 input channels but vit-backbone.pth (backbone) has 3; set"
                            + " dino.train.init-adapt-channels=true (--adapt-channels) to adapt its RGB patch embedding"
                            + " (timm's adapt_input_conv rule)");
        }
    }

    @Test
    void weightsOfAnRgbFileOnAFourChannelModelAreAdaptedWhenAskedAndTheModelRunsOnFourChannels() throws IOException {
        assertThatThrownBy(() -> WeightFixtures.load(registry, "vit-backbone.pth", ChannelAdaptation.forWeights(false), "in-chans", "4"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--in-chans: the model has 4 input channels but"
                        + " vit-backbone.pth has 3; give --adapt-channels");
        WeightTensor expected = fixture("vit-patch-adapted-4.npy");
        try (TrainedBackbone model = WeightFixtures.load(registry, "vit-backbone.pth", ChannelAdaptation.forWeights(true), "in-chans", "4");
                NDManager scope = model.manager().newSubManager()) {
            assertThat(model.backbone().block().getParameters().get(PATCH).getArray().toFloatArray())
                    .containsExactly(expected.values());
            assertThat(model.notes()).anySatisfy(note -> assertThat(note).startsWith("adapted the RGB patch embedding of vit-backbone.pth"));
            NDArray features = model.features(scope.randomNormal(new Shape(2, 4, 32, 32)));
            assertThat(features.getShape().getShape()).containsExactly(2, 16);
        }
    }

    @Test
    void aConfiguredChannelCountContradictsAnRgbFileUnlessAdaptationIsAllowed() throws IOException {
        BackboneFactory vit = registry.require(ComponentKind.BACKBONE, "vit", BackboneFactory.class);
        ImpliedArchitecture implied = ImpliedArchitecture.read(WeightFixtures.file("vit-backbone.pth"), Optional.empty(), vit);
        Map<String, String> user = Map.of("dino.backbone.in-chans", "4");

        assertThat(implied.inChannels()).isEqualTo(3);
        assertThat(implied.settings()).doesNotContainKey("in-chans").containsEntry("patch-size", "8");
        assertThat(implied.contradictions(vit, "dino.backbone", key -> Optional.ofNullable(user.get(key)), ChannelAdaptation.forTraining(false)))
                .singleElement().satisfies(p -> {
                    assertThat(p.key()).isEqualTo("dino.backbone.in-chans");
                    assertThat(p.message()).startsWith("the model has 4 input channels but vit-backbone.pth has 3; set"
                            + " dino.train.init-adapt-channels=true");
                });
        assertThat(implied.contradictions(vit, "dino.backbone", key -> Optional.ofNullable(user.get(key)), ChannelAdaptation.forTraining(true)))
                .isEmpty();
        assertThat(implied.contradictions(vit, "dino.backbone", key -> Optional.ofNullable(Map.of("dino.backbone.in-chans", "3").get(key)),
                ChannelAdaptation.forTraining(false))).isEmpty();
    }

    /** A model whose only parameter is a patch embedding {@code (4, channels, 2, 2)} of zeros. */
    private static ParameterList patchEmbedding(NDManager manager, int channels) {
        Parameter parameter = Parameter.builder().setName(PATCH).setType(Parameter.Type.WEIGHT).build();
        parameter.setArray(manager.zeros(new Shape(4, channels, 2, 2)));
        ParameterList list = new ParameterList();
        list.add(PATCH, parameter);
        return list;
    }

    static WeightTensor fixture(String name) {
        try {
            NpyFiles.NpyArray array = NpyFiles.read(Path.of(ChannelAdaptationTest.class.getResource("/input-conv/" + name).toURI()));
            return new WeightTensor(array.shape(), array.values());
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
