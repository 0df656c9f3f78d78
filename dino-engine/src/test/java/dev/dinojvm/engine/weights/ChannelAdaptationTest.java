package dev.dinojvm.engine.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.eval.NpyFiles;
import dev.dinojvm.engine.runtime.DjlRuntime;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Loading a patch embedding over another input channel count: an RGB one is adapted by timm's rule when
 * allowed (against {@code src/test/resources/input-conv/make_fixtures.py}), refused in one line otherwise.
 */
class ChannelAdaptationTest {

    private static final String PATCH = ChannelAdaptation.PATCH_WEIGHT;

    @BeforeAll
    static void startEngine() {
        DjlRuntime.initialise();
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
