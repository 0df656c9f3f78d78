package dev.dinojvm.plugins.multicrop;

import static dev.dinojvm.plugins.multicrop.DinoMultiCropTest.randomImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.dinojvm.api.ImageArray;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The views of images that are not 8-bit RGB: the steps defined for any channel count, against hand computation. */
class ChannelViewsTest {

    private static final Normalisation FOUR = new Normalisation(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, new float[] {0.5f, 0.25f, 2f, 1f});
    private static final MultiCropSettings SMALL = settings(FOUR, 0.0);

    private static MultiCropSettings settings(Normalisation normalisation, double dropout) {
        return new MultiCropSettings(8, 4, 6, 0.4, 1.0, 0.05, 0.4, ColourSettings.OFFICIAL,
                new PixelSettings(false, normalisation, dropout));
    }

    @Test
    void viewsKeepEveryChannel() {
        DinoMultiCrop augmentation = new DinoMultiCrop(SMALL);
        List<ImageArray> views = augmentation.apply(randomImage(4, 20, 30, 1), new SplittableRandom(3)).views();
        assertThat(views).hasSize(8);
        assertThat(views.get(0).channels()).isEqualTo(4);
        assertThat(views.get(0).height()).isEqualTo(8);
        assertThat(views.get(7).channels()).isEqualTo(4);
        assertThat(views.get(7).height()).isEqualTo(4);
    }

    @Test
    void aConstantChannelIsNormalisedWithItsOwnMeanAndStd() {
        // Each channel constant: crop, flip and blur leave it constant; brightness and contrast would not, so
        // the jitter is off. Solarisation inverts 0.6 (>= 0.5) only; the first global view has none.
        float[] values = {0.05f, 0.3f, 0.6f, 0.9f};
        int area = 12 * 12;
        float[] pixels = new float[4 * area];
        for (int c = 0; c < 4; c++) {
            java.util.Arrays.fill(pixels, c * area, (c + 1) * area, values[c]);
        }
        MultiCropSettings noJitter = new MultiCropSettings(8, 4, 2, 0.4, 1.0, 0.05, 0.4, new ColourSettings(0, 1, 0.2),
                new PixelSettings(false, FOUR, 0));
        ImageArray first = new DinoMultiCrop(noJitter).apply(new ImageArray(4, 12, 12, pixels), new SplittableRandom(5)).views().get(0);
        for (int c = 0; c < 4; c++) {
            float expected = (values[c] - FOUR.mean()[c]) / FOUR.std()[c];
            for (int i = c * 64; i < (c + 1) * 64; i++) {
                assertThat(first.pixels()[i]).as("channel %d", c).isCloseTo(expected, within(1e-5f));
            }
        }
    }

    @Test
    void brightnessAndContrastFactorsAreDrawnPerChannelFromTorchvisionsRanges() {
        SplittableRandom random = new SplittableRandom(11);
        double minBrightness = 2;
        double maxBrightness = 0;
        double minContrast = 2;
        double maxContrast = 0;
        int brightnessFirst = 0;
        int samples = 20_000;
        int differing = 0;
        for (int i = 0; i < samples; i++) {
            ChannelJitter jitter = ChannelJitter.sample(random, 3, 1.0);
            for (int c = 0; c < 3; c++) {
                minBrightness = Math.min(minBrightness, jitter.brightness()[c]);
                maxBrightness = Math.max(maxBrightness, jitter.brightness()[c]);
                minContrast = Math.min(minContrast, jitter.contrast()[c]);
                maxContrast = Math.max(maxContrast, jitter.contrast()[c]);
            }
            brightnessFirst += jitter.brightnessFirst() ? 1 : 0;
            differing += jitter.brightness()[0] != jitter.brightness()[1] ? 1 : 0;
        }
        // brightness=0.4, contrast=0.4: factors uniform in [0.6, 1.4]
        assertThat(minBrightness).isBetween(0.6, 0.601);
        assertThat(maxBrightness).isBetween(1.399, 1.4);
        assertThat(minContrast).isBetween(0.6, 0.601);
        assertThat(maxContrast).isBetween(1.399, 1.4);
        assertThat(brightnessFirst / (double) samples).isBetween(0.48, 0.52);
        assertThat(differing).as("each channel has its own factor").isEqualTo(samples);
        ChannelJitter strong = ChannelJitter.sample(new SplittableRandom(2), 2, 2.5);
        for (float b : strong.brightness()) {
            assertThat(b).isBetween(0f, 2f);
        }
    }

    @Test
    void jitterScalesAndBlendsEachChannelWithItsOwnMean() {
        // Channel 0: {0.2, 0.6}, mean 0.4; channel 1: {0.5, 0.9}, mean 0.7.
        float[] planes = {0.2f, 0.6f, 0.5f, 0.9f};
        new ChannelJitter(true, new float[] {1.5f, 0.5f}, new float[] {0.5f, 2f}).applyTo(planes);
        // brightness first: ch0 -> {0.3, 0.9}, mean 0.6, contrast 0.5 -> 0.5x + 0.3 = {0.45, 0.75};
        // ch1 -> {0.25, 0.45}, mean 0.35, contrast 2 -> 2x - 0.35 = {0.15, 0.55}.
        assertThat(planes).containsExactly(new float[] {0.45f, 0.75f, 0.15f, 0.55f}, within(1e-6f));

        float[] other = {0.2f, 0.6f, 0.5f, 0.9f};
        new ChannelJitter(false, new float[] {1.5f, 0.5f}, new float[] {0.5f, 2f}).applyTo(other);
        // contrast first: ch0 0.5x + 0.2 = {0.3, 0.5}, then x1.5 = {0.45, 0.75}; ch1 2x - 0.7 = {0.3, 1.1 -> 1}, then x0.5 = {0.15, 0.5}.
        assertThat(other).containsExactly(new float[] {0.45f, 0.75f, 0.15f, 0.5f}, within(1e-6f));
    }

    @Test
    void solarisationInvertsFromHalfTheRange() {
        float[] values = {0f, 0.25f, 0.4999f, 0.5f, 0.75f, 1f};
        ChannelViewRecipe.solarize(values);
        assertThat(values).containsExactly(new float[] {0f, 0.25f, 0.4999f, 0.5f, 0.25f, 0f}, within(1e-7f));
    }

    @Test
    void eachChannelIsResizedAsAOneChannelImage() {
        ImageArray image = randomImage(5, 13, 17, 4);
        ColumnImage columns = ColumnImage.of(image);
        CropBox box = new CropBox(2, 3, 9, 10);
        float[] all = ChannelViewRecipe.resizeCrop(columns, box, 6);
        for (int c = 0; c < 5; c++) {
            float[] plane = java.util.Arrays.copyOfRange(image.pixels(), c * 13 * 17, (c + 1) * 13 * 17);
            float[] alone = BicubicResize.resizeCrop(new ImageArray(1, 13, 17, plane), box, 6);
            assertThat(java.util.Arrays.copyOfRange(all, c * 36, (c + 1) * 36)).containsExactly(java.util.Arrays.copyOf(alone, 36));
        }
    }

    @Test
    void randomStepsHappenWithTheDocumentedProbabilitiesAndNoColourOnlySteps() {
        StepFrequencies frequencies = StepFrequencies.count(settings(FOUR, 0.3), randomImage(4, 16, 16, 6), 4000, 7);
        for (int v = 0; v < frequencies.views(); v++) {
            double flip = frequencies.of(v, ViewStep.FLIP);
            double jitter = frequencies.of(v, ViewStep.COLOR_JITTER);
            double blur = frequencies.of(v, ViewStep.BLUR);
            double solarize = frequencies.of(v, ViewStep.SOLARIZE);
            double dropout = frequencies.of(v, ViewStep.CHANNEL_DROPOUT);
            assertThat(frequencies.of(v, ViewStep.GRAYSCALE)).as("grey, view %d", v).isZero();
            assertThat(flip).as("flip, view %d", v).isBetween(0.45, 0.55);
            assertThat(jitter).as("brightness/contrast jitter, view %d", v).isBetween(0.76, 0.84);
            assertThat(dropout).as("channel dropout, view %d", v).isBetween(0.27, 0.33);
            double expectedBlur = v == 0 ? 1.0 : v == 1 ? 0.1 : 0.5;
            double expectedSolarize = v == 1 ? 0.2 : 0.0;
            assertThat(blur).as("blur, view %d", v).isCloseTo(expectedBlur, within(0.03));
            assertThat(solarize).as("solarisation, view %d", v).isCloseTo(expectedSolarize, within(0.03));
        }
    }

    @Test
    void channelDropoutIsOffByDefaultAndZeroesOneWholeChannel() {
        int[] dropped = new int[1];
        DinoMultiCrop off = new DinoMultiCrop(SMALL, (view, step) -> dropped[0] += step == ViewStep.CHANNEL_DROPOUT ? 1 : 0);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            off.apply(randomImage(4, 12, 12, i), random);
        }
        assertThat(dropped[0]).isZero();

        DinoMultiCrop always = new DinoMultiCrop(settings(FOUR, 1.0));
        ImageArray view = always.apply(randomImage(4, 12, 12, 9), new SplittableRandom(2)).views().get(0);
        int zeroPlanes = 0;
        for (int c = 0; c < 4; c++) {
            boolean zero = true;
            for (int i = c * 64; i < (c + 1) * 64; i++) {
                zero &= view.pixels()[i] == 0f;
            }
            zeroPlanes += zero ? 1 : 0;
        }
        assertThat(zeroPlanes).isEqualTo(1);
    }

    @Test
    void rgbViewsWithGivenStatisticsAreTheImagenetViewsRenormalised() {
        Normalisation given = new Normalisation(new float[] {0.5f, 0.4f, 0.3f}, new float[] {0.2f, 0.3f, 0.1f});
        MultiCropSettings official = new MultiCropSettings(8, 4, 2, 0.4, 1.0, 0.05, 0.4);
        MultiCropSettings custom = new MultiCropSettings(8, 4, 2, 0.4, 1.0, 0.05, 0.4, ColourSettings.OFFICIAL,
                new PixelSettings(true, given, 0));
        ImageArray image = randomImage(3, 14, 14, 3);
        List<ImageArray> imagenet = new DinoMultiCrop(official).apply(image, new SplittableRandom(4)).views();
        List<ImageArray> renormalised = new DinoMultiCrop(custom).apply(image, new SplittableRandom(4)).views();
        for (int v = 0; v < imagenet.size(); v++) {
            float[] in = imagenet.get(v).pixels();
            float[] out = renormalised.get(v).pixels();
            int plane = in.length / 3;
            for (int i = 0; i < in.length; i++) {
                int c = i / plane;
                float raw = in[i] * ColorOps.IMAGENET_STD[c] + ColorOps.IMAGENET_MEAN[c];
                assertThat(out[i]).isCloseTo((raw - given.mean()[c]) / given.std()[c], within(1e-4f));
            }
        }
    }
}
