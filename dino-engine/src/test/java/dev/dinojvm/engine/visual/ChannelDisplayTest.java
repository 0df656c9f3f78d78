package dev.dinojvm.engine.visual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.dinojvm.api.ImageArray;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Multi-channel images in figures: chosen channels as grey or false colour, 16-bit values stretched by percentiles. */
class ChannelDisplayTest {

    private static final int SIDE = 10;

    /**
     * A 4-channel 16-bit image of 10 x 10: channel c's pixel p holds (p + 1000 c) / 65535, so its values are
     * 1000 c + 0 .. 99 levels and its 1st and 99th percentiles (numpy, linear) are 1000 c + 0.99 and 1000 c + 98.01.
     */
    private static ImageArray sixteenBit() {
        int plane = SIDE * SIDE;
        float[] pixels = new float[4 * plane];
        for (int c = 0; c < 4; c++) {
            for (int p = 0; p < plane; p++) {
                pixels[c * plane + p] = (p + 1000f * c) / 65535f;
            }
        }
        return new ImageArray(4, SIDE, SIDE, pixels);
    }

    /** What the display must give for pixel p of channel c: (level - 1st percentile) / (99th - 1st), clamped. */
    private static double stretched(int p) {
        return Math.max(0, Math.min(1, (p - 0.99) / (98.01 - 0.99)));
    }

    @Test
    void threeChosenChannelsOfASixteenBitImageAreAFalseColourCompositeStretchedByPercentiles() {
        ImageArray image = sixteenBit();

        ImageArray shown = ChannelDisplay.parse("3,1,0").rgb(image, image);

        assertThat(shown.channels()).isEqualTo(3);
        int plane = SIDE * SIDE;
        for (int p : new int[] {0, 1, 50, 98, 99}) {
            for (int i = 0; i < 3; i++) {
                assertThat(shown.pixels()[i * plane + p]).as("shown channel %d, pixel %d", i, p).isCloseTo((float) stretched(p), within(2e-4f));
            }
        }
        assertThat(shown.pixels()[0]).isZero();
        assertThat(shown.pixels()[99]).isEqualTo(1f);
    }

    @Test
    void oneChosenChannelIsGreyAndTheDefaultIsTheFirstThreeOrTheFirst() {
        ImageArray image = sixteenBit();
        ImageArray grey = ChannelDisplay.parse("2").rgb(image, image);
        int plane = SIDE * SIDE;
        for (int p = 0; p < plane; p++) {
            assertThat(grey.pixels()[p]).isEqualTo(grey.pixels()[plane + p]).isEqualTo(grey.pixels()[2 * plane + p]);
        }
        assertThat(ChannelDisplay.DEFAULT.shown(4)).containsExactly(0, 1, 2);
        assertThat(ChannelDisplay.DEFAULT.shown(13)).containsExactly(0, 1, 2);
        assertThat(ChannelDisplay.DEFAULT.shown(2)).containsExactly(0);
        assertThat(ChannelDisplay.DEFAULT.shown(1)).containsExactly(0);
        assertThat(ChannelDisplay.parse("3,1,0").describe(4)).isEqualTo("channels 3, 1, 0 as red, green, blue");
    }

    @Test
    void eightBitImagesAreShownAsTheyAre() {
        float[] pixels = new float[3 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i * 20) / 255f;
        }
        ImageArray rgb = new ImageArray(3, 2, 2, pixels);

        assertThat(ChannelDisplay.DEFAULT.rgb(rgb, rgb).pixels()).containsExactly(pixels);
        ImageArray grey = new ImageArray(1, 2, 2, new float[] {0, 10 / 255f, 20 / 255f, 1});
        assertThat(ChannelDisplay.DEFAULT.rgb(grey, grey).pixels())
                .containsExactly(0, 10 / 255f, 20 / 255f, 1, 0, 10 / 255f, 20 / 255f, 1, 0, 10 / 255f, 20 / 255f, 1);
    }

    @Test
    void theAttentionFigureOfAFourChannelImageIsAPngOfTheRightSizeShowingTheChosenChannels(@TempDir Path dir) throws IOException {
        ImageArray image = sixteenBit();
        ImageArray shown = ChannelDisplay.parse("3,1,0").rgb(image, image);
        float[][] heads = new float[2][25];
        heads[1][7] = 1;
        CropAttention attention = new CropAttention(shown.pixels(), SIDE, 2, heads);

        Path file = dir.resolve("attention.png");
        ImageIO.write(AttentionFigure.render(attention, null), "png", file.toFile());
        BufferedImage png = ImageIO.read(file.toFile());

        int scale = AttentionFigure.scale(SIDE);
        int panel = SIDE * scale;
        assertThat(png.getWidth()).isEqualTo(3 * panel + 4 * AttentionFigure.GAP);
        assertThat(png.getHeight()).isEqualTo(panel + 2 * AttentionFigure.GAP);
        for (int p : new int[] {0, 37, 99}) {
            int rgb = png.getRGB(AttentionFigure.GAP + (p % SIDE) * scale, AttentionFigure.GAP + (p / SIDE) * scale);
            int level = (int) Math.round(stretched(p) * 255);
            assertThat(new int[] {rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff}).as("pixel %d", p)
                    .containsExactly(level, level, level);
        }
    }

    @Test
    void thePcaGridOfFourChannelCropsIsAPngOfTheRightSize(@TempDir Path dir) throws IOException {
        ImageArray image = sixteenBit();
        ImageArray shown = ChannelDisplay.DEFAULT.rgb(image, image);
        float[][][] colours = new float[2][25][3];
        PatchPca.Result result = new PatchPca.Result(colours, new boolean[2][25]);

        Path file = dir.resolve("pca.png");
        ImageIO.write(PcaFigure.grid(List.of(shown, shown), result, 5), "png", file.toFile());
        BufferedImage png = ImageIO.read(file.toFile());

        int step = SIDE * AttentionFigure.scale(SIDE) + AttentionFigure.GAP;
        assertThat(png.getWidth()).isEqualTo(4 * step - AttentionFigure.GAP);
        assertThat(png.getHeight()).isEqualTo(step - AttentionFigure.GAP);
        int level = (int) Math.round(stretched(99) * 255);
        int rgb = png.getRGB(step - AttentionFigure.GAP - 1, step - AttentionFigure.GAP - 1);
        assertThat(rgb & 0xffffff).isEqualTo(level << 16 | level << 8 | level);
    }

    @Test
    void badChoicesAreRefusedInOneLine() {
        assertThatThrownBy(() -> ChannelDisplay.parse("0,1")).hasMessage("expects one channel index (grey) or three (red, green, blue),"
                + " comma-separated, e.g. 0,1,2, got '0,1'");
        assertThatThrownBy(() -> ChannelDisplay.parse("red")).hasMessageContaining("got 'red'");
        assertThatThrownBy(() -> ChannelDisplay.parse("0,-1,2")).hasMessageContaining("got '0,-1,2'");
        assertThatThrownBy(() -> ChannelDisplay.parse("0,1,4").shown(4)).hasMessage("channel 4 is not among the images' 4 channels (0 to 3)");
        assertThat(ChannelDisplay.parse(" ")).isEqualTo(ChannelDisplay.DEFAULT);
    }
}
