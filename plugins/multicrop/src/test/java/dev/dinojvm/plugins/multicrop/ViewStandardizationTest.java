package dev.dinojvm.plugins.multicrop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.dinojvm.api.ImageArray;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewStandardizationTest {

    @Test
    void eachChannelLosesItsOwnMeanAndStd() {
        // channel 0: 1, 2, 3, 6 (mean 3, variance (4 + 1 + 0 + 9) / 4 = 3.5); channel 1: 10, 10, 10, 10 (flat).
        // The values before them (offset 1) are left alone.
        float[] pixels = {7, 1, 2, 3, 6, 10, 10, 10, 10};
        ViewStandardization.apply(pixels, 1, 2, 4);

        double std = Math.sqrt(3.5);
        assertThat(pixels[0]).isEqualTo(7f);
        assertThat((double) pixels[1]).isCloseTo(-2 / std, within(1e-6));
        assertThat((double) pixels[2]).isCloseTo(-1 / std, within(1e-6));
        assertThat((double) pixels[3]).isCloseTo(0, within(1e-6));
        assertThat((double) pixels[4]).isCloseTo(3 / std, within(1e-6));
        assertThat(new float[] {pixels[5], pixels[6], pixels[7], pixels[8]}).containsOnly(0f);
    }

    @Test
    void aGainAndAnOffsetPerChannelLeaveTheSameView() {
        float[] picture = {0.1f, 0.4f, 0.3f, 0.8f, 0.2f, 0.5f, 0.9f, 0.6f};
        float[] cast = new float[picture.length];
        for (int i = 0; i < 4; i++) {
            cast[i] = 0.7f * picture[i] + 0.05f;
            cast[4 + i] = 1.3f * picture[4 + i] - 0.1f;
        }
        ViewStandardization.apply(picture, 0, 2, 4);
        ViewStandardization.apply(cast, 0, 2, 4);
        for (int i = 0; i < picture.length; i++) {
            assertThat((double) cast[i]).isCloseTo(picture[i], within(1e-5));
        }
    }

    @Test
    void theSettingReplacesTheImageNetNormalisationOfAView() {
        // As in ViewRecipeTest: draws of 0.99 take no random step and keep the whole 5×5 image, so the view
        // is the image itself, standardised per channel.
        float[] pixels = new float[75];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i * 37 % 75) / 75f;
        }
        List<ViewStep> steps = new ArrayList<>();
        ImageArray view = new ViewRecipe(5, 1.0, 1.0, 0.5, 0.2, new ColourSettings(0.8, 1.0, 0.2, true))
                .render(ColumnImage.of(new ImageArray(3, 5, 5, pixels.clone())), new ConstantGenerator(0.99), steps::add,
                        StageClock.NONE);

        assertThat(steps).isEmpty();
        float[] expected = pixels.clone();
        ViewStandardization.apply(expected, 0, 3, 25);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) view.pixels()[i]).isCloseTo(expected[i], within(1e-5));
        }
    }

    @Test
    void theSettingReplacesTheDataNormalisationOfAViewOfAnyChannelCount() {
        // The same draws on a 4-channel image: the view is the image standardised per channel by its own values,
        // not by the data's mean and std (channel 3 is flat: zeros).
        float[] pixels = new float[100];
        for (int i = 0; i < 75; i++) {
            pixels[i] = 0.3f + (i * 37 % 75) / 75f / 256f;
        }
        java.util.Arrays.fill(pixels, 75, 100, 0.7f);
        Normalisation data = new Normalisation(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, new float[] {0.5f, 0.25f, 2f, 1f});
        List<ViewStep> steps = new ArrayList<>();
        ImageArray view = new ChannelViewRecipe(5, 1.0, 1.0, 0.5, 0.2, new ColourSettings(0.8, 1.0, 0.2, true),
                new PixelSettings(false, data, 0)).render(ColumnImage.of(new ImageArray(4, 5, 5, pixels.clone())),
                        new ConstantGenerator(0.99), steps::add, StageClock.NONE);

        assertThat(steps).isEmpty();
        float[] expected = pixels.clone();
        ViewStandardization.apply(expected, 0, 4, 25);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) view.pixels()[i]).isCloseTo(expected[i], within(1e-3));
        }
        assertThat(view.pixels()[0]).as("a faint channel is stretched to unit variance").isLessThan(-0.5f);
        assertThat(view.pixels()[99]).isZero();
    }
}
