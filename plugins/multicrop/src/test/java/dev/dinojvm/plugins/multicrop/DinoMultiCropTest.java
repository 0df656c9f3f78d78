package dev.dinojvm.plugins.multicrop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dinojvm.api.CropLayout;
import dev.dinojvm.api.ImageArray;
import dev.dinojvm.api.MultiCropViews;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DinoMultiCropTest {

    private static final MultiCropSettings SMALL = new MultiCropSettings(8, 4, 6, 0.4, 1.0, 0.05, 0.4);

    @Test
    void viewsFollowTheLayout() {
        DinoMultiCrop augmentation = new DinoMultiCrop(new MultiCropSettings(32, 16, 5, 0.4, 1.0, 0.05, 0.4));
        assertThat(augmentation.layout()).isEqualTo(new CropLayout(2, 32, 5, 16));
        MultiCropViews views = augmentation.apply(randomImage(3, 40, 50, 1), new SplittableRandom(1));
        assertThat(views.views()).hasSize(7);
        for (int v = 0; v < 7; v++) {
            ImageArray view = views.views().get(v);
            int size = v < 2 ? 32 : 16;
            assertThat(view.channels()).isEqualTo(3);
            assertThat(view.height()).isEqualTo(size);
            assertThat(view.width()).isEqualTo(size);
        }
    }

    @Test
    void noLocalCropsGivesOnlyTheTwoGlobalViews() {
        DinoMultiCrop augmentation = new DinoMultiCrop(new MultiCropSettings(8, 4, 0, 0.4, 1.0, 0.05, 0.4));
        assertThat(augmentation.apply(randomImage(3, 20, 20, 2), new SplittableRandom(2)).views()).hasSize(2);
    }

    @Test
    void sameSeedGivesSameViewsAndAnotherSeedDifferentOnes() {
        DinoMultiCrop augmentation = new DinoMultiCrop(SMALL);
        ImageArray image = randomImage(3, 30, 40, 3);
        List<ImageArray> first = augmentation.apply(image, new SplittableRandom(42)).views();
        List<ImageArray> again = augmentation.apply(image, new SplittableRandom(42)).views();
        List<ImageArray> other = augmentation.apply(image, new SplittableRandom(43)).views();
        for (int v = 0; v < first.size(); v++) {
            assertThat(again.get(v).pixels()).containsExactly(first.get(v).pixels());
            assertThat(Arrays.equals(other.get(v).pixels(), first.get(v).pixels())).as("view %d", v).isFalse();
        }
    }

    @Test
    void greyImageGivesTheViewsOfItsRgbReplica() {
        DinoMultiCrop augmentation = new DinoMultiCrop(SMALL);
        ImageArray grey = randomImage(1, 25, 30, 4);
        float[] replicated = new float[3 * grey.pixels().length];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(grey.pixels(), 0, replicated, c * grey.pixels().length, grey.pixels().length);
        }
        ImageArray rgb = new ImageArray(3, 25, 30, replicated);
        for (long seed = 0; seed < 20; seed++) {
            List<ImageArray> fromGrey = augmentation.apply(grey, new SplittableRandom(seed)).views();
            List<ImageArray> fromRgb = augmentation.apply(rgb, new SplittableRandom(seed)).views();
            for (int v = 0; v < fromGrey.size(); v++) {
                assertThat(fromGrey.get(v).channels()).isEqualTo(3);
                assertThat(fromGrey.get(v).pixels()).containsExactly(fromRgb.get(v).pixels());
            }
        }
    }

    @Test
    void rejectsImagesThatAreNeitherGreyNorRgb() {
        DinoMultiCrop augmentation = new DinoMultiCrop(SMALL);
        assertThatThrownBy(() -> augmentation.apply(randomImage(2, 10, 10, 5), new SplittableRandom(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 channels");
    }

    @Test
    void randomStepsHappenWithTheReferenceProbabilitiesPerView() {
        StepFrequencies frequencies = StepFrequencies.count(SMALL, randomImage(3, 16, 16, 6), 4000, 7);
        for (int v = 0; v < frequencies.views(); v++) {
            double flip = frequencies.of(v, ViewStep.FLIP);
            double jitter = frequencies.of(v, ViewStep.COLOR_JITTER);
            double grey = frequencies.of(v, ViewStep.GRAYSCALE);
            double blur = frequencies.of(v, ViewStep.BLUR);
            double solarize = frequencies.of(v, ViewStep.SOLARIZE);
            assertThat(flip).as("flip, view %d", v).isBetween(0.45, 0.55);
            assertThat(jitter).as("colour jitter, view %d", v).isBetween(0.76, 0.84);
            assertThat(grey).as("grayscale, view %d", v).isBetween(0.17, 0.23);
            if (v == 0) {
                assertThat(blur).as("blur, first global view").isEqualTo(1.0);
                assertThat(solarize).as("solarization, first global view").isZero();
            } else if (v == 1) {
                assertThat(blur).as("blur, second global view").isBetween(0.08, 0.12);
                assertThat(solarize).as("solarization, second global view").isBetween(0.17, 0.23);
            } else {
                assertThat(blur).as("blur, local view %d", v).isBetween(0.45, 0.55);
                assertThat(solarize).as("solarization, local view %d", v).isZero();
            }
        }
    }

    @Test
    void solarizedOutputsAppearOnlyOnTheSecondGlobalViewAboutOneTimeInFive() {
        // On a white image every step but solarization keeps each view uniform at a value >= 0.6
        // (brightness >= 0.6 is the only step that can darken white, contrast and saturation blend with
        // the same grey, hue leaves grey alone): a view darker than 0.5 has been solarized.
        DinoMultiCrop augmentation = new DinoMultiCrop(SMALL);
        float[] white = new float[3 * 12 * 12];
        Arrays.fill(white, 1f);
        ImageArray image = new ImageArray(3, 12, 12, white);
        SplittableRandom random = new SplittableRandom(9);
        int images = 3000;
        int[] solarized = new int[2 + SMALL.localCrops()];
        for (int i = 0; i < images; i++) {
            List<ImageArray> views = augmentation.apply(image, random).views();
            for (int v = 0; v < views.size(); v++) {
                float red = views.get(v).pixels()[0] * 0.229f + 0.485f;
                if (red < 0.5f) {
                    solarized[v]++;
                }
            }
        }
        assertThat(solarized[0]).isZero();
        assertThat(solarized[1] / (double) images).isBetween(0.17, 0.23);
        for (int v = 2; v < solarized.length; v++) {
            assertThat(solarized[v]).as("local view %d", v).isZero();
        }
    }

    @Test
    void concurrentUseGivesTheSameViewsAsSequentialUse() throws Exception {
        DinoMultiCrop augmentation = new DinoMultiCrop(SMALL);
        ImageArray image = randomImage(3, 30, 30, 10);
        List<float[]> sequential = new ArrayList<>();
        for (long seed = 0; seed < 40; seed++) {
            sequential.add(flatten(augmentation.apply(image, new SplittableRandom(seed))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (long seed = 0; seed < 40; seed++) {
                long s = seed;
                futures.add(pool.submit(() -> flatten(augmentation.apply(image, new SplittableRandom(s)))));
            }
            for (int i = 0; i < 40; i++) {
                assertThat(futures.get(i).get()).containsExactly(sequential.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static float[] flatten(MultiCropViews views) {
        int length = views.views().stream().mapToInt(v -> v.pixels().length).sum();
        float[] all = new float[length];
        int offset = 0;
        for (ImageArray view : views.views()) {
            System.arraycopy(view.pixels(), 0, all, offset, view.pixels().length);
            offset += view.pixels().length;
        }
        return all;
    }

    static ImageArray randomImage(int channels, int height, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] pixels = new float[channels * height * width];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        return new ImageArray(channels, height, width, pixels);
    }
}
