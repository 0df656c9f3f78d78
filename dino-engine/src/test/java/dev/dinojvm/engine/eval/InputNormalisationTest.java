package dev.dinojvm.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.dinojvm.api.ImageArray;
import dev.dinojvm.engine.data.DataException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Evaluation normalises as the run's training did: its recorded mean, std and channels. */
class InputNormalisationTest {

    @Test
    void aRunWithoutRecordedStatisticsIsRgbWithImagenetValues() {
        assertThat(InputNormalisation.fromConfig(Map.of("dino.backbone.in-chans", "3"))).isEqualTo(InputNormalisation.IMAGENET_RGB);
    }

    @Test
    void recordedStatisticsAndChannelsAreRead() {
        InputNormalisation read = InputNormalisation.fromConfig(Map.of("dino.augmentation.pixels", "channels",
                "dino.augmentation.mean", "0.25,0.5", "dino.augmentation.std", "0.125, 2"));
        assertThat(read).isEqualTo(new InputNormalisation(new float[] {0.25f, 0.5f}, new float[] {0.125f, 2f}, false));
    }

    @Test
    void eachChannelIsNormalisedWithItsOwnValuesAndNoChannelIsAdded() {
        InputNormalisation two = new InputNormalisation(new float[] {0.25f, 0.5f}, new float[] {0.125f, 2f}, false);
        float[] pixels = new float[2 * 4 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i / 32f;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            EvalTransform transform = new EvalTransform(4, two);
            float[] out = transform.apply(new ImageArray(2, 4, 4, pixels), manager);
            assertThat(out).hasSize(32);
            for (int i = 0; i < 32; i++) {
                int c = i / 16;
                assertThat(out[i]).isCloseTo((pixels[i] - two.mean()[c]) / two.std()[c], within(1e-6f));
            }
            assertThatThrownBy(() -> transform.apply(new ImageArray(3, 4, 4, new float[48]), manager)).isInstanceOf(DataException.class)
                    .hasMessageContaining("trained on images of 2 channels but is given images of 3 channels");
            assertThatThrownBy(() -> new EvalTransform(4).apply(new ImageArray(2, 4, 4, pixels), manager))
                    .isInstanceOf(DataException.class).hasMessageContaining("8-bit RGB or grey");
        }
    }
}
