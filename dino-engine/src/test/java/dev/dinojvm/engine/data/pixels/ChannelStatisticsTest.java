package dev.dinojvm.engine.data.pixels;

import static dev.dinojvm.engine.data.pixels.PixelFixtures.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against NumPy's mean and std over all pixels of the fixture images ({@code make_fixtures.py}). */
class ChannelStatisticsTest {

    @Test
    void matchesNumpyOverImagesOfDifferentSizes() throws IOException {
        ChannelStatistics statistics = new ChannelStatistics(3);
        for (int i = 0; i < 6; i++) {
            statistics.add(image(i));
        }

        assertClose(statistics.mean(), expected("mean"), 1e-12);
        assertClose(statistics.std(), expected("std"), 1e-12);
        assertThat(statistics.count()).isEqualTo(35 + 24 + 16 + 54 + 22 + 36);
    }

    @Test
    void mergingWorkersGivesWhatOneWorkerGives() throws IOException {
        ChannelStatistics first = new ChannelStatistics(3);
        ChannelStatistics second = new ChannelStatistics(3);
        ChannelStatistics empty = new ChannelStatistics(3);
        for (int i = 0; i < 6; i++) {
            (i % 3 == 0 ? first : second).add(image(i));
        }

        first.merge(empty);
        first.merge(second);

        assertClose(first.mean(), expected("mean"), 1e-12);
        assertClose(first.std(), expected("std"), 1e-12);
    }

    @Test
    void handComputedTwoImages() {
        ChannelStatistics statistics = new ChannelStatistics(2);
        statistics.add(2, new float[] {0, 1, 4, 4}); // channel 0: 0, 1; channel 1: 4, 4
        statistics.add(2, new float[] {2, 6}); // channel 0: 2; channel 1: 6

        assertThat(statistics.mean()).containsExactly(1, 14 / 3.0);
        assertThat(statistics.std()[0]).isCloseTo(Math.sqrt(2 / 3.0), within(1e-15));
        assertThat(statistics.std()[1]).isCloseTo(Math.sqrt((4 / 9.0 + 4 / 9.0 + 16 / 9.0) / 3), within(1e-15));
    }

    @Test
    void nothingAddedIsNaNAndWrongChannelsAreRefused() {
        ChannelStatistics statistics = new ChannelStatistics(2);
        assertThat(statistics.mean()).containsOnly(Double.NaN);
        assertThatThrownBy(() -> statistics.add(3, new float[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> statistics.merge(new ChannelStatistics(1))).isInstanceOf(IllegalArgumentException.class);
    }

    /** The fixtures are channels × height × width; one is 3 × 8 × 3, where the automatic rule would guess channels last. */
    private static PixelImage image(int index) throws IOException {
        return PixelFiles.read(file("stats-" + index + ".npy"), NpyLayout.CHW);
    }

    private static double[] expected(String name) throws IOException {
        List<String> lines = Files.readAllLines(file("stats-expected.txt"));
        String line = lines.stream().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow();
        return Arrays.stream(line.substring(name.length() + 1).split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    private static void assertClose(double[] actual, double[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int c = 0; c < expected.length; c++) {
            assertThat(actual[c]).as("channel %d", c).isCloseTo(expected[c], within(tolerance));
        }
    }
}
