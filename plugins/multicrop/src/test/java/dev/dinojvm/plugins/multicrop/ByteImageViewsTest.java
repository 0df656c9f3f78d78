package dev.dinojvm.plugins.multicrop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dinojvm.api.ImageArray;
import dev.dinojvm.api.ImageBytes;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** An 8-bit image gives, from the same draws, the views its float image gives, bit for bit. */
class ByteImageViewsTest {

    @Test
    void bytesGiveTheViewsOfTheirFloatImageExactly() {
        // Sizes whose lines leave tails after whole vectors of every width; 3 channels and grey.
        DinoMultiCrop augmentation = new DinoMultiCrop(new MultiCropSettings(37, 19, 6, 0.4, 1.0, 0.05, 0.4));
        for (int[] shape : new int[][] {{3, 61, 83}, {1, 45, 52}, {3, 150, 113}}) {
            ImageBytes bytes = randomBytes(shape[0], shape[1], shape[2], shape[1]);
            for (long seed = 0; seed < 8; seed++) {
                List<ImageArray> fromBytes = augmentation.apply(bytes, new SplittableRandom(seed)).views();
                List<ImageArray> fromFloats = augmentation.apply(bytes.toImageArray(), new SplittableRandom(seed)).views();
                assertThat(fromBytes).hasSize(8);
                for (int v = 0; v < fromBytes.size(); v++) {
                    assertThat(fromBytes.get(v).pixels()).as("%s, seed %d, view %d", java.util.Arrays.toString(shape), seed, v)
                            .containsExactly(fromFloats.get(v).pixels());
                }
            }
        }
    }

    @Test
    void stageTimesGiveTheSameViewsFromBytes() {
        DinoMultiCrop augmentation = new DinoMultiCrop(new MultiCropSettings(24, 12, 3, 0.4, 1.0, 0.05, 0.4));
        ImageBytes bytes = randomBytes(3, 40, 50, 9);
        StageTimes timer = StageTimes.of(augmentation).orElseThrow();
        List<ImageArray> timed = timer.apply(bytes, new SplittableRandom(4)).views();
        List<ImageArray> plain = augmentation.apply(bytes, new SplittableRandom(4)).views();
        for (int v = 0; v < plain.size(); v++) {
            assertThat(timed.get(v).pixels()).containsExactly(plain.get(v).pixels());
        }
        assertThat(timer.nanos(PipelineStage.CROP_RESIZE)).isPositive();
    }

    /** Every sample value, 0 and 255 included, and runs of equal samples (grey pixels, ties in the hue). */
    private static ImageBytes randomBytes(int channels, int height, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] samples = new byte[channels * height * width];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (byte) (random.nextInt(5) == 0 ? 255 * random.nextInt(2) : random.nextInt(256));
        }
        int plane = height * width;
        if (channels == 3) {
            for (int p = 0; p < plane; p += 5) {
                samples[plane + p] = samples[p];
                samples[2 * plane + p] = samples[p];
            }
        }
        return new ImageBytes(channels, height, width, samples);
    }
}
