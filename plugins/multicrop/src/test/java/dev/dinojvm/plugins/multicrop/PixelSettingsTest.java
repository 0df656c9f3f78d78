package dev.dinojvm.plugins.multicrop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ConfigProblem;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The keys {@code pixels}, {@code mean}, {@code std} and {@code channel-dropout}. */
class PixelSettingsTest {

    private final MultiCropFactory factory = new MultiCropFactory();

    private ComponentConfig config(Map<String, String> values) {
        return new ComponentConfig("dino.augmentation", factory.configKeys(), values);
    }

    @Test
    void unsetMeansEightBitRgbWithImagenetStatisticsAndNoDropout() {
        assertThat(MultiCropSettings.from(config(Map.of())).pixels()).isEqualTo(PixelSettings.RGB8_IMAGENET);
    }

    @Test
    void channelImagesTakeTheGivenStatistics() {
        PixelSettings pixels = MultiCropSettings.from(config(Map.of("pixels", "channels", "mean", "0.1, 0.2", "std", "0.3,0.4",
                "channel-dropout", "0.25"))).pixels();
        assertThat(pixels.rgb8()).isFalse();
        assertThat(pixels.normalisation()).isEqualTo(new Normalisation(new float[] {0.1f, 0.2f}, new float[] {0.3f, 0.4f}));
        assertThat(pixels.channelDropout()).isEqualTo(0.25);
    }

    @Test
    void meanWithoutStdIsAProblem() {
        assertThat(factory.validate(config(Map.of("mean", "0.5")))).extracting(ConfigProblem::key).containsExactly("dino.augmentation.std");
    }

    @Test
    void rgbNeedsThreeValuesAndEveryStdMustBePositive() {
        assertThat(factory.validate(config(Map.of("pixels", "rgb8", "mean", "0.1,0.2", "std", "0.3,0.4")))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("3 channels"));
        assertThat(factory.validate(config(Map.of("mean", "0.1,0.2", "std", "0.3,0.4")))).as("pixels from the data: checked then").isEmpty();
        assertThat(factory.validate(config(Map.of("pixels", "channels", "mean", "0.1,0.2", "std", "0.3,0")))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("positive"));
        assertThat(factory.validate(config(Map.of("pixels", "channels", "mean", "0.1,x", "std", "0.3,0.2")))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("numbers"));
        assertThat(factory.validate(config(Map.of("pixels", "channels", "mean", "0.1,0.2,0.3", "std", "0.3,0.2")))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("one value per channel"));
        assertThat(factory.validate(config(Map.of("pixels", "channels", "mean", "0.1,0.2", "std", "0.3,0.2")))).isEmpty();
    }
}
