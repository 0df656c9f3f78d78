package dev.dinojvm.engine.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.dinojvm.engine.eval.NpyFiles;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Against weights adapted by timm's rule in PyTorch ({@code src/test/resources/input-conv/make_fixtures.py}). */
class InputConvAdaptationTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 16})
    void adaptsAsTimmsAdaptInputConv(int channels) throws IOException {
        WeightTensor rgb = fixture("rgb.npy");
        WeightTensor expected = fixture("adapted-" + channels + ".npy");

        WeightTensor adapted = InputConvAdaptation.adapt(rgb, channels);

        assertThat(adapted.shape()).containsExactly(expected.shape());
        assertThat(adapted.shape()).containsExactly(4, channels, 2, 2);
        for (int i = 0; i < expected.values().length; i++) {
            assertThat(adapted.values()[i]).as("value %d", i).isCloseTo(expected.values()[i], within(1e-6f));
        }
    }

    @Test
    void oneChannelRespondsToAGreyImageAsRgbDoes() throws IOException {
        WeightTensor rgb = fixture("rgb.npy");
        WeightTensor grey = InputConvAdaptation.adapt(rgb, 1);
        // A grey patch g fed as (g, g, g) to the RGB weight gives the same response as g fed to the 1-channel weight.
        float[] patch = {0.1f, 0.7f, 0.4f, 0.9f};
        for (int o = 0; o < 4; o++) {
            double rgbResponse = 0;
            double greyResponse = 0;
            for (int k = 0; k < 4; k++) {
                for (int c = 0; c < 3; c++) {
                    rgbResponse += rgb.values()[(o * 3 + c) * 4 + k] * patch[k];
                }
                greyResponse += grey.values()[o * 4 + k] * patch[k];
            }
            assertThat(greyResponse).isCloseTo(rgbResponse, within(1e-5));
        }
    }

    @Test
    void refusesAWeightThatIsNotOverRgb() {
        WeightTensor four = new WeightTensor(new long[] {2, 4, 1, 1}, new float[8]);
        assertThatThrownBy(() -> InputConvAdaptation.adapt(four, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(2, 4, 1, 1)");
        WeightTensor linear = new WeightTensor(new long[] {2, 3}, new float[6]);
        assertThatThrownBy(() -> InputConvAdaptation.adapt(linear, 4)).isInstanceOf(IllegalArgumentException.class);
        WeightTensor rgb = new WeightTensor(new long[] {1, 3, 1, 1}, new float[3]);
        assertThatThrownBy(() -> InputConvAdaptation.adapt(rgb, 0)).hasMessageContaining("at least 1");
    }

    private static WeightTensor fixture(String name) throws IOException {
        try {
            NpyFiles.NpyArray array = NpyFiles.read(Path.of(InputConvAdaptationTest.class.getResource("/input-conv/" + name).toURI()));
            return new WeightTensor(array.shape(), array.values());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
