package dev.dinojvm.plugins.multicrop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.dinojvm.api.ImageArray;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ViewRecipeTest {

    @Test
    void flipMirrorsEveryRowOfEveryPlane() {
        // two planes of 2 rows x 3 columns
        float[] planes = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        ViewRecipe.flipHorizontal(planes, 3);
        assertThat(planes).containsExactly(3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10);
    }

    @Test
    void drawsOfAlmostOneTakeNoRandomStepAndLeaveTheNormalisedImage() {
        // Every double 0.99: flip (< 0.5), jitter (<= 0.8), grayscale (< 0.2), blur (<= 0.5) and
        // solarization (< 0.2) are all skipped. The crop: scale 1 and log-ratio at 99 % of its range give
        // aspect exp(-0.28768 + 0.99 * 0.57536) = 1.3257, w = round(5 * sqrt(1.3257)) = 6 > 5, so all ten
        // tries fail and the fallback takes the whole (square) image; 5 -> 5 resizing is the identity.
        ImageArray image = randomImage(5, 5);
        List<ViewStep> steps = new ArrayList<>();
        ImageArray view = new ViewRecipe(5, 1.0, 1.0, 0.5, 0.2).render(ColumnImage.of(image), new ConstantGenerator(0.99), steps::add, StageClock.NONE);

        assertThat(steps).isEmpty();
        double[] mean = {0.485, 0.456, 0.406};
        double[] std = {0.229, 0.224, 0.225};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 25; i++) {
                assertThat((double) view.pixels()[c * 25 + i])
                        .isCloseTo((image.pixels()[c * 25 + i] - mean[c]) / std[c], within(1e-5));
            }
        }
    }

    @Test
    void drawsOfZeroTakeEveryRandomStepInTheReferenceOrder() {
        List<ViewStep> steps = new ArrayList<>();
        new ViewRecipe(5, 0.5, 1.0, 0.1, 0.2).render(ColumnImage.of(randomImage(9, 7)), new ConstantGenerator(0.0), steps::add, StageClock.NONE);
        assertThat(steps).containsExactly(
                ViewStep.FLIP, ViewStep.COLOR_JITTER, ViewStep.GRAYSCALE, ViewStep.BLUR, ViewStep.SOLARIZE);

        List<ViewStep> withoutSolarization = new ArrayList<>();
        new ViewRecipe(5, 0.5, 1.0, 0.1, 0.0).render(ColumnImage.of(randomImage(9, 7)), new ConstantGenerator(0.0), withoutSolarization::add, StageClock.NONE);
        assertThat(withoutSolarization).doesNotContain(ViewStep.SOLARIZE);
    }

    @Test
    void theColourSettingsDecideTheJitterAndGreyDrawnAt099() {
        // 0.99 skips the official jitter (<= 0.8) and grey (< 0.2); probabilities of 1 take both.
        List<ViewStep> steps = new ArrayList<>();
        new ViewRecipe(5, 1.0, 1.0, 0.5, 0.2, new ColourSettings(1.0, 2.0, 1.0)).render(ColumnImage.of(randomImage(5, 5)),
                new ConstantGenerator(0.99), steps::add, StageClock.NONE);
        assertThat(steps).containsExactly(ViewStep.COLOR_JITTER, ViewStep.GRAYSCALE);
    }

    @Test
    void theJitterStrengthWidensEachRange() {
        // uniform(1 - 2·0.4, 1 + 2·0.4) at 0.99 = 0.2 + 1.6 · 0.99; saturation 0.6 + 0.8 · 0.99; hue -0.2 + 0.4 · 0.99.
        ColorJitter jitter = ColorJitter.sample(new ConstantGenerator(0.99), 2.0);
        assertThat((double) jitter.brightness()).isCloseTo(1.784, within(1e-6));
        assertThat((double) jitter.contrast()).isCloseTo(1.784, within(1e-6));
        assertThat((double) jitter.saturation()).isCloseTo(1.392, within(1e-6));
        assertThat((double) jitter.hue()).isCloseTo(0.196, within(1e-6));
        ColorJitter official = ColorJitter.sample(new ConstantGenerator(0.99));
        assertThat((double) official.brightness()).isCloseTo(0.6 + 0.8 * 0.99, within(1e-6));
    }

    private static ImageArray randomImage(int height, int width) {
        SplittableRandom noise = new SplittableRandom(2);
        float[] pixels = new float[3 * height * width];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) noise.nextDouble();
        }
        return new ImageArray(3, height, width, pixels);
    }
}
