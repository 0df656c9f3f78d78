package dev.dinojvm.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelNormalisationTest {

    @Test
    void aRunsRecordedNormalisationIsReadAndRgbWithoutOneIsImagenets() {
        ChannelNormalisation four = ChannelNormalisation.recorded(
                Map.of("dino.augmentation.mean", "0.5, 0.4,0.3,0.2", "dino.augmentation.std", "0.25,0.2,0.3,0.1"), 4);

        assertArrayEquals(new float[] {0.5f, 0.4f, 0.3f, 0.2f}, four.mean());
        assertArrayEquals(new float[] {0.25f, 0.2f, 0.3f, 0.1f}, four.std());
        assertEquals(ChannelNormalisation.IMAGENET, ChannelNormalisation.recorded(Map.of(), 3));
        assertArrayEquals(new float[] {0.485f, 0.456f, 0.406f}, ChannelNormalisation.IMAGENET.mean());
        assertEquals("the run records no dino.augmentation.mean and dino.augmentation.std for its 4 input channels",
                assertThrows(IllegalArgumentException.class, () -> ChannelNormalisation.recorded(Map.of(), 4)).getMessage());
    }

    @Test
    void valuesThatAreNotANormalisationAreRefusedInOneLine() {
        assertEquals("--mean and --std have 2 values but the model takes 4 input channels", assertThrows(IllegalArgumentException.class,
                () -> ChannelNormalisation.of("0.5,0.5", "0.2,0.2", 4, "--mean and --std")).getMessage());
        assertEquals("--mean and --std: mean and std must be comma-separated numbers, got '0.5,x' and '0.2,0.2'",
                assertThrows(IllegalArgumentException.class, () -> ChannelNormalisation.of("0.5,x", "0.2,0.2", 2, "--mean and --std"))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChannelNormalisation.parse("0.5", "0")).getMessage()
                .contains("every std must be positive"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChannelNormalisation.parse("NaN", "1")).getMessage()
                .contains("every mean must be a finite number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChannelNormalisation.parse("0.5,0.5", "1")).getMessage()
                .contains("one value per channel"));
    }
}
