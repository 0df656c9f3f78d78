package dev.dinojvm.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ImageBytesTest {

    @Test
    void samplesAreUnsignedAndDividedBy255() {
        ImageBytes image = new ImageBytes(1, 2, 2, new byte[] {0, 1, (byte) 128, (byte) 255});
        ImageArray floats = image.toImageArray();
        assertEquals(1, floats.channels());
        assertEquals(2, floats.height());
        assertEquals(2, floats.width());
        assertArrayEquals(new float[] {0f, 1f / 255f, 128f / 255f, 1f}, floats.pixels());
    }

    @Test
    void theSampleCountMustMatchTheDimensions() {
        IllegalArgumentException wrongCount = assertThrows(IllegalArgumentException.class, () -> new ImageBytes(3, 2, 2, new byte[11]));
        assertTrue(wrongCount.getMessage().contains("expected 12 samples, got 11"), wrongCount.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ImageBytes(0, 2, 2, new byte[0]));
    }

    @Test
    void anAugmentationWrittenForFloatsGetsTheFloatImageOfBytes() {
        ImageArray[] received = new ImageArray[1];
        Augmentation floatsOnly = new Augmentation() {
            @Override
            public CropLayout layout() {
                return new CropLayout(2, 2, 0, 2);
            }

            @Override
            public MultiCropViews apply(ImageArray image, RandomGenerator random) {
                received[0] = image;
                return new MultiCropViews(List.of(image, image));
            }
        };
        ImageBytes image = new ImageBytes(3, 2, 2, new byte[] {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, (byte) 200});

        floatsOnly.apply(image, new SplittableRandom(1));

        assertArrayEquals(image.toImageArray().pixels(), received[0].pixels());
    }
}
