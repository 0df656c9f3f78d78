package dev.dinojvm.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The masks' statistics against those of DINOv2's {@code collate_data_and_cast} and {@code MaskingGenerator}
 * ({@code src/test/resources/dinov2/masks-stats.json}: 400 batches of 64 global crops on a 16x16 grid,
 * probability 0.5, ratios 0.1 to 0.5); the same number of batches here, with other random draws.
 */
class IbotMasksTest {

    @Test
    void statisticsMatchDinov2sMaskGenerator() throws IOException {
        String json;
        try (InputStream in = IbotMasksTest.class.getResourceAsStream("/dinov2/masks-stats.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int grid = 16;
        int patches = grid * grid;
        IbotMasks masks = new IbotMasks(grid);
        Random random = new Random(26);
        int crops = 0;
        int maskedCrops = 0;
        double ratioSum = 0;
        double ratioSquares = 0;
        int min = Integer.MAX_VALUE;
        int max = 0;
        double[] perPosition = new double[patches];
        for (int batch = 0; batch < 400; batch++) {
            List<boolean[]> drawn = masks.draw(64, 0.5, 0.1, 0.5, random);
            int maskedInBatch = 0;
            for (boolean[] mask : drawn) {
                int count = 0;
                for (int p = 0; p < patches; p++) {
                    if (mask[p]) {
                        count++;
                        perPosition[p]++;
                    }
                }
                crops++;
                if (count > 0) {
                    maskedCrops++;
                    maskedInBatch++;
                    ratioSum += (double) count / patches;
                    ratioSquares += Math.pow((double) count / patches, 2);
                    min = Math.min(min, count);
                    max = Math.max(max, count);
                }
            }
            assertThat(maskedInBatch).as("masked crops of batch %d", batch).isEqualTo(32);
        }
        double mean = ratioSum / maskedCrops;
        double std = Math.sqrt(ratioSquares / maskedCrops - mean * mean);
        double corners = (perPosition[0] + perPosition[grid - 1] + perPosition[patches - grid] + perPosition[patches - 1]) / 4;
        double centre = (perPosition[7 * grid + 7] + perPosition[7 * grid + 8] + perPosition[8 * grid + 7] + perPosition[8 * grid + 8]) / 4;

        assertThat((double) maskedCrops / crops).isEqualTo(value(json, "fraction_of_crops_masked"));
        assertThat(mean).isCloseTo(value(json, "mean_masked_ratio_of_masked_crops"), Offset.offset(0.005));
        assertThat(std).isCloseTo(value(json, "std_masked_ratio_of_masked_crops"), Offset.offset(0.005));
        assertThat((double) min).isCloseTo(value(json, "min_masked_patches_of_masked_crops"), Offset.offset(3.0));
        assertThat((double) max).isCloseTo(value(json, "max_masked_patches_of_masked_crops"), Offset.offset(3.0));
        assertThat(corners / centre).isCloseTo(value(json, "corner_over_centre_masking_rate"), Offset.offset(0.03));
    }

    @Test
    void aMaskNeverExceedsHalfTheCropNorItsTarget() {
        IbotMasks masks = new IbotMasks(4);
        Random random = new Random(1);
        for (int i = 0; i < 200; i++) {
            int target = random.nextInt(9);
            boolean[] mask = masks.mask(target, random);
            int count = 0;
            for (boolean m : mask) {
                count += m ? 1 : 0;
            }
            assertThat(count).isLessThanOrEqualTo(Math.max(target, 0)).isLessThanOrEqualTo(8);
        }
    }

    private static double value(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": ([-0-9.eE]+)").matcher(json);
        assertThat(m.find()).as(key).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
