package dev.dinojvm.engine.visual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.dinojvm.api.ImageArray;
import dev.dinojvm.engine.runtime.DjlRuntime;
import org.junit.jupiter.api.Test;

class EvaluationImagesTest {

    @Test
    void anImageOfTheResizeSizeIsOnlyCroppedAtTheRoundedCentre() {
        DjlRuntime.initialise();
        // 1 channel, 6 high and 4 wide: shorter side 4 = resize target, so no resize; crop 2x2 at
        // top = round((6 - 2) / 2) = 2, left = round((4 - 2) / 2) = 1.
        float[] pixels = new float[24];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i / 24f;
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            float[] crop = EvaluationImages.resizeAndCrop(manager, new ImageArray(1, 6, 4, pixels), 4, 2);

            float[] expectedPlane = {9 / 24f, 10 / 24f, 13 / 24f, 14 / 24f};
            assertThat(crop).hasSize(12);
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < 4; i++) {
                    assertThat(crop[c * 4 + i]).isCloseTo(expectedPlane[i], within(1e-6f));
                }
            }
        }
    }

    @Test
    void resizingKeepsTheAspectRatioAsTorchvisionAndAConstantImageStaysConstant() {
        DjlRuntime.initialise();
        float[] pixels = new float[3 * 10 * 20];
        java.util.Arrays.fill(pixels, 0.25f);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            // 10x20 resized to shorter side 5 -> 5x10; crop 4x4.
            float[] crop = EvaluationImages.resizeAndCrop(manager, new ImageArray(3, 10, 20, pixels), 5, 4);
            assertThat(crop).hasSize(48);
            for (float v : crop) {
                assertThat(v).isCloseTo(0.25f, within(1e-5f));
            }
        }
    }

    @Test
    void normalisationUsesTheImageNetStatistics() {
        DjlRuntime.initialise();
        float[] crop = new float[3];
        crop[0] = 0.5f;
        crop[1] = 0.5f;
        crop[2] = 1f;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            float[] out = EvaluationImages.normalisedBatch(manager, new float[][] {crop, crop}, 1).toFloatArray();
            assertThat(out).hasSize(6);
            assertThat(out[0]).isCloseTo((0.5f - 0.485f) / 0.229f, within(1e-5f));
            assertThat(out[1]).isCloseTo((0.5f - 0.456f) / 0.224f, within(1e-5f));
            assertThat(out[2]).isCloseTo((1f - 0.406f) / 0.225f, within(1e-5f));
            assertThat(out[5]).isCloseTo(out[2], within(0f));
        }
    }

    @Test
    void theReferenceResizesTo256For224Crops() {
        assertThat(EvaluationImages.referenceResize(224)).isEqualTo(256);
        assertThat(EvaluationImages.referenceResize(28)).isEqualTo(32);
    }
}
