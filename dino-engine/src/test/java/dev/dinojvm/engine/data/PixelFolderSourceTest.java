package dev.dinojvm.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.dinojvm.api.ImageArray;
import dev.dinojvm.engine.data.pixels.ChannelStatistics;
import dev.dinojvm.engine.data.pixels.PixelInputException;
import dev.dinojvm.engine.data.pixels.PixelKind;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders of images that are not 8-bit RGB: their kind, their pixels scaled by bit depth, their statistics. */
class PixelFolderSourceTest {

    @TempDir
    Path root;

    @Test
    void sixteenBitFourChannelArraysKeepChannelsAndDepth() throws IOException {
        PixelFolders.uint16Npy(root.resolve("a/0.npy"), 0, 4, 5, 6);
        PixelFolders.uint16Npy(root.resolve("b/1.npy"), 1, 4, 5, 6);

        ImageSource source = ImageSources.open(root.toString(), "train", 0);

        assertThat(source.pixelKind()).isEqualTo(new PixelKind(4, 16, false));
        ImageArray image = source.load(1);
        assertThat(image.channels()).isEqualTo(4);
        for (int c = 0; c < 4; c++) {
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 6; x++) {
                    assertThat(image.pixels()[c * 30 + y * 6 + x]).isEqualTo(PixelFolders.value(1, c, y, x) / 65535f);
                }
            }
        }
    }

    @Test
    void sixteenBitGreyPngsAreOneChannelAndEightBitPngsStayRgb() throws IOException {
        PixelFolders.grey16Png(root.resolve("grey/0.png"), 3, 4, 5);
        ImageSource grey = ImageSources.open(root.resolve("grey").toString(), "train", 0);
        assertThat(grey.pixelKind()).isEqualTo(new PixelKind(1, 16, false));
        assertThat(grey.load(0).pixels()[7]).isEqualTo(PixelFolders.value(3, 0, 1, 2) / 65535f);

        PixelFolders.rgb8Png(root.resolve("rgb/0.png"), 4, 5, 0x336699);
        ImageSource rgb = ImageSources.open(root.resolve("rgb").toString(), "train", 0);
        assertThat(rgb.pixelKind()).isEqualTo(PixelKind.RGB8);
        assertThat(rgb.load(0)).usingRecursiveComparison().isEqualTo(ImageFolderSource.read(root.resolve("rgb/0.png")));
    }

    @Test
    void mixedKindsAreRefusedWithExamplesOfEach() throws IOException {
        PixelFolders.uint16Npy(root.resolve("a/0.npy"), 0, 4, 5, 6);
        PixelFolders.uint16Npy(root.resolve("a/1.npy"), 1, 4, 5, 6);
        PixelFolders.rgb8Png(root.resolve("b/2.png"), 5, 6, 0x808080);

        assertThatThrownBy(() -> ImageSources.open(root.toString(), "train", 0)).isInstanceOf(PixelInputException.class)
                .hasMessageStartingWith("the images mix channel counts or bit depths: 2 files of 4 channels, 16-bit (e.g. ")
                .hasMessageContaining("0.npy").hasMessageContaining("1 file of 8-bit RGB or grey (e.g. ").hasMessageContaining("2.png");
    }

    @Test
    void arraysOfFiveDimensionsAreRefusedWhenTheFolderIsOpened() throws IOException {
        PixelFolders.uint16Npy(root.resolve("0.npy"), 0, 2, 3, 3);
        PixelFolders.float32Npy(root.resolve("1.npy"), "(1, 1, 1, 1, 2)", 0.5f, 0.5f);

        assertThatThrownBy(() -> ImageSources.open(root.toString(), "train", 0)).isInstanceOf(PixelInputException.class)
                .hasMessageContaining("1.npy");
    }

    @Test
    void floatsOutsideTheUnitRangeAndNanAreRefusedWhenLoaded() throws IOException {
        PixelFolders.float32Npy(root.resolve("0.npy"), "(2, 2)", 0f, 0.25f, 0.5f, 1f);
        PixelFolders.float32Npy(root.resolve("1.npy"), "(2, 2)", 0f, 0.25f, 0.5f, 1.5f);
        PixelFolders.float32Npy(root.resolve("2.npy"), "(2, 2)", 0f, Float.NaN, 0.5f, 1f);

        ImageSource source = ImageSources.open(root.toString(), "train", 0);

        assertThat(source.pixelKind()).isEqualTo(new PixelKind(1, 32, true));
        assertThat(source.load(0).pixels()).containsExactly(0f, 0.25f, 0.5f, 1f);
        assertThatThrownBy(() -> source.load(1)).isInstanceOf(PixelInputException.class).hasMessageContaining("must lie in [0, 1]");
        assertThatThrownBy(() -> source.load(2)).isInstanceOf(PixelInputException.class).hasMessageContaining("NaN");
    }

    @Test
    void statisticsAreThoseOfEveryPixelScaledByBitDepth() throws IOException {
        int images = 5;
        for (int i = 0; i < images; i++) {
            PixelFolders.uint16Npy(root.resolve(i + ".npy"), i, 3, 4, 7);
        }
        ImageSource source = ImageSources.open(root.toString(), "train", 0);

        ChannelStatistics statistics = DataStatistics.of(source, 0);

        // By hand: two passes in double over every value / 65535.
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            int n = 0;
            for (int i = 0; i < images; i++) {
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 7; x++) {
                        sum += (float) (PixelFolders.value(i, c, y, x) / 65535f);
                        n++;
                    }
                }
            }
            double mean = sum / n;
            double squares = 0;
            for (int i = 0; i < images; i++) {
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 7; x++) {
                        double d = (float) (PixelFolders.value(i, c, y, x) / 65535f) - mean;
                        squares += d * d;
                    }
                }
            }
            assertThat(statistics.mean()[c]).as("mean of channel %d", c).isCloseTo(mean, within(1e-12));
            assertThat(statistics.std()[c]).as("std of channel %d", c).isCloseTo(Math.sqrt(squares / n), within(1e-12));
        }
        ChannelStatistics sampled = DataStatistics.of(source, 2);
        ChannelStatistics firstAndThird = new ChannelStatistics(3);
        firstAndThird.merge(DataStatistics.of(source.load(0), 3));
        firstAndThird.merge(DataStatistics.of(source.load(2), 3));
        assertThat(sampled.mean()).containsExactly(firstAndThird.mean());
    }
}
