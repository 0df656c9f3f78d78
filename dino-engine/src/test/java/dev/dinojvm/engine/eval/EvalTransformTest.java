package dev.dinojvm.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.dinojvm.api.ImageArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The evaluation preprocessing against values computed by hand. */
class EvalTransformTest {

    private static final double[] MEAN = {0.485, 0.456, 0.406};
    private static final double[] STD = {0.229, 0.224, 0.225};

    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void anImageOfTheModelSizeIsOnlyNormalisedAndGreyBecomesThreeChannels() {
        float[] grey = {0f, 0.25f, 0.5f, 1f};
        float[] out = new EvalTransform(2).apply(new ImageArray(1, 2, 2, grey), manager);

        assertThat(out).hasSize(12);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 4; i++) {
                assertThat((double) out[c * 4 + i]).as("channel %d pixel %d", c, i).isCloseTo((grey[i] - MEAN[c]) / STD[c], within(1e-6));
            }
        }
    }

    @Test
    void theStandardisingTransformGivesEachChannelMeanZeroAndStdOneWhateverTheExposure() {
        // grey 0, 0.25, 0.5, 1: mean 0.4375, variance (0.19141 + 0.03516 + 0.00391 + 0.31641) / 4 = 0.13672.
        float[] grey = {0f, 0.25f, 0.5f, 1f};
        float[] darker = {0.1f, 0.2f, 0.3f, 0.5f}; // 0.4 · grey + 0.1: another exposure of the same picture
        InputNormalisation standardised = InputNormalisation.fromConfig(java.util.Map.of(InputNormalisation.STANDARDIZE_KEY, "true"));
        float[] out = new EvalTransform(2, standardised).apply(new ImageArray(1, 2, 2, grey), manager);
        float[] outDarker = new EvalTransform(2, standardised).apply(new ImageArray(1, 2, 2, darker), manager);

        double std = Math.sqrt(0.13671875);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 4; i++) {
                assertThat((double) out[c * 4 + i]).as("channel %d pixel %d", c, i).isCloseTo((grey[i] - 0.4375) / std, within(1e-5));
                assertThat((double) outDarker[c * 4 + i]).isCloseTo(out[c * 4 + i], within(1e-5));
            }
        }
    }

    @Test
    void aRunTrainedWithStandardisedViewsIsEvaluatedWithThem() {
        assertThat(InputNormalisation.fromConfig(java.util.Map.of("dino.augmentation.standardize-views", "true")).standardize()).isTrue();
        assertThat(InputNormalisation.fromConfig(java.util.Map.of("dino.augmentation.standardize-views", "false")).standardize()).isFalse();
        assertThat(InputNormalisation.fromConfig(java.util.Map.of())).isEqualTo(InputNormalisation.IMAGENET_RGB);
    }

    @Test
    void rgbChannelsKeepTheirOwnValues() {
        float[] out = new EvalTransform(1).apply(new ImageArray(3, 1, 1, new float[] {0.1f, 0.5f, 0.9f}), manager);

        assertThat((double) out[0]).isCloseTo((0.1 - MEAN[0]) / STD[0], within(1e-6));
        assertThat((double) out[1]).isCloseTo((0.5 - MEAN[1]) / STD[1], within(1e-6));
        assertThat((double) out[2]).isCloseTo((0.9 - MEAN[2]) / STD[2], within(1e-6));
    }

    /**
     * A 2×5 image at size 2: the shorter side is already 2, so the resize to 2×5 is the identity and
     * the crop keeps columns round((5 - 2) / 2) = round(1.5) = 2 and 3 (Python rounds half to even, as
     * torchvision's CenterCrop does); a 2×3 image keeps columns round(0.5) = 0 and 1.
     */
    @Test
    void aWideImageIsCentreCroppedAtTorchvisionsOffset() {
        float[] wide = {0.0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f};
        float[] out = new EvalTransform(2).apply(new ImageArray(1, 2, 5, wide), manager);
        assertThat(unnormalised(out, 0)).containsExactly(new double[] {0.2, 0.3, 0.7, 0.8}, within(1e-5));

        float[] narrow = {0.0f, 0.1f, 0.2f, 0.5f, 0.6f, 0.7f};
        float[] cropped = new EvalTransform(2).apply(new ImageArray(1, 2, 3, narrow), manager);
        assertThat(unnormalised(cropped, 0)).containsExactly(new double[] {0.0, 0.1, 0.5, 0.6}, within(1e-5));
    }

    /**
     * A 9×6 (height × width) image at size 4: the shorter side 6 → 4 and the longer 9 → int(4·9/6) = 6, then a 4×4 centre
     * crop. A constant image stays constant through the bicubic resize (its weights sum to 1).
     */
    @Test
    void theShorterSideIsResizedThenCentreCropped() {
        float[] pixels = new float[3 * 6 * 9];
        for (int c = 0; c < 3; c++) {
            java.util.Arrays.fill(pixels, c * 54, (c + 1) * 54, 0.2f + 0.3f * c);
        }
        float[] out = new EvalTransform(4).apply(new ImageArray(3, 9, 6, pixels), manager);

        assertThat(out).hasSize(3 * 16);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 16; i++) {
                assertThat((double) out[c * 16 + i]).isCloseTo((0.2 + 0.3 * c - MEAN[c]) / STD[c], within(1e-5));
            }
        }
    }

    private static double[] unnormalised(float[] out, int channel) {
        int plane = out.length / 3;
        double[] values = new double[plane];
        for (int i = 0; i < plane; i++) {
            values[i] = out[channel * plane + i] * STD[channel] + MEAN[channel];
        }
        return values;
    }

    @Test
    void theLinearProbeResizesTo256For224CropsThenCropsTheCentre() {
        // linearProbe(28) resizes the shorter side to round(28·256/224) = 32: a 32×32 image is not
        // resized, only cropped to 28×28 at offset round((32 - 28) / 2) = 2.
        float[] pixels = new float[32 * 32];
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                pixels[y * 32 + x] = x / 31f;
            }
        }
        ImageArray crop = EvalTransform.linearProbe(28, InputNormalisation.IMAGENET_RGB).crop(new ImageArray(1, 32, 32, pixels), manager);
        assertThat(crop.height()).isEqualTo(28);
        assertThat(crop.width()).isEqualTo(28);
        // the first column of the crop is column 2 of the image, the last column 29
        assertThat(crop.pixels()[0]).isCloseTo(2 / 31f, within(1e-6f));
        assertThat(crop.pixels()[27]).isCloseTo(29 / 31f, within(1e-6f));
    }
}
