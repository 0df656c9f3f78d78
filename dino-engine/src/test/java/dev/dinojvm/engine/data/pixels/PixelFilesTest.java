package dev.dinojvm.engine.data.pixels;

import static dev.dinojvm.engine.data.pixels.PixelFixtures.HEIGHT;
import static dev.dinojvm.engine.data.pixels.PixelFixtures.WIDTH;
import static dev.dinojvm.engine.data.pixels.PixelFixtures.file;
import static dev.dinojvm.engine.data.pixels.PixelFixtures.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dinojvm.api.ImageArray;
import dev.dinojvm.engine.data.ImageFolderSource;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PixelFilesTest {

    @TempDir
    Path folder;

    @ParameterizedTest
    @ValueSource(strings = {"bands-contig.tif", "bands-planar.tif", "pages.tif", "deflate.tif", "hwc-uint16.npy",
            "chw-uint16.npy", "chw-fortran.npy", "hwc-big-endian.npy"})
    void fourSixteenBitChannelsKeepEveryValue(String name) throws IOException {
        PixelImage image = PixelFiles.read(file(name));

        assertThat(image.header()).isEqualTo(new PixelHeader(4, HEIGHT, WIDTH, 16, false));
        assertFormula(image, 65535f);
        assertThat(PixelFiles.header(file(name), NpyLayout.AUTO)).isEqualTo(image.header());
    }

    @Test
    void sixteenBandsAreSixteenChannels() throws IOException {
        PixelImage image = PixelFiles.read(file("sixteen-bands.tif"));

        assertThat(image.header()).isEqualTo(new PixelHeader(16, HEIGHT, WIDTH, 16, false));
        assertFormula(image, 65535f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"float.tif", "chw-float32.npy"})
    void floatsAreTakenAsStored(String name) throws IOException {
        PixelImage image = PixelFiles.read(file(name));

        assertThat(image.header()).isEqualTo(new PixelHeader(4, HEIGHT, WIDTH, 32, true));
        for (int c = 0; c < 4; c++) {
            for (int y = 0; y < HEIGHT; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    assertThat(image.pixels()[(c * HEIGHT + y) * WIDTH + x]).isEqualTo(value(c, y, x) / 4000f);
                }
            }
        }
    }

    @Test
    void eightBitArrayIsScaledBy255() throws IOException {
        PixelImage image = PixelFiles.read(file("hwc-uint8.npy"));

        assertThat(image.header()).isEqualTo(new PixelHeader(4, HEIGHT, WIDTH, 8, false));
        for (int c = 0; c < 4; c++) {
            assertThat(image.pixels()[(c * HEIGHT + 2) * WIDTH + 3]).isEqualTo(value(c, 2, 3) % 256 / 255f);
        }
    }

    @Test
    void twoDimensionalArrayIsOneChannel() throws IOException {
        PixelImage image = PixelFiles.read(file("grey-uint16.npy"));

        assertThat(image.header()).isEqualTo(new PixelHeader(1, HEIGHT, WIDTH, 16, false));
        assertThat(image.pixels()[3 * WIDTH + 6]).isEqualTo(value(1, 3, 6) / 65535f);
    }

    @Test
    void layoutCanBeGivenWhereTheRuleWouldGuessOtherwise() throws IOException {
        // (4, 5, 7) read as height × width × channels: 7 channels of 4 × 5.
        PixelImage image = PixelFiles.read(file("chw-uint16.npy"), NpyLayout.HWC);

        assertThat(image.header()).isEqualTo(new PixelHeader(7, 4, 5, 16, false));
        // channel x, row c, column y holds value(c, y, x)
        assertThat(image.pixels()[(6 * 4 + 3) * 5 + 2]).isEqualTo(value(3, 2, 6) / 65535f);
    }

    @Test
    void alphaMarkedInTheTiffIsDropped() throws IOException {
        PixelImage image = PixelFiles.read(file("rgba.tif"));

        assertThat(image.header()).isEqualTo(new PixelHeader(3, HEIGHT, WIDTH, 16, false));
        assertFormula(image, 65535f);
    }

    @Test
    void sixteenBitPngsKeepTheirDepth() throws IOException {
        BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
        grey.getRaster().setSample(2, 1, 0, 65535);
        grey.getRaster().setSample(1, 0, 0, 257 * 3 + 1); // not representable in 8 bits
        Path greyFile = folder.resolve("grey16.png");
        ImageIO.write(grey, "png", greyFile.toFile());
        ColorModel rgbModel = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), new int[] {16, 16, 16}, false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = rgbModel.createCompatibleWritableRaster(2, 1);
        raster.setPixel(1, 0, new int[] {1, 40000, 65535});
        Path rgbFile = folder.resolve("rgb48.png");
        ImageIO.write(new BufferedImage(rgbModel, raster, false, null), "png", rgbFile.toFile());

        PixelImage greyImage = PixelFiles.read(greyFile);
        PixelImage rgbImage = PixelFiles.read(rgbFile);

        assertThat(greyImage.header()).isEqualTo(new PixelHeader(1, 2, 3, 16, false));
        assertThat(greyImage.pixels()).containsExactly(0f, 772f / 65535f, 0f, 0f, 0f, 1f);
        assertThat(rgbImage.header()).isEqualTo(new PixelHeader(3, 1, 2, 16, false));
        assertThat(rgbImage.pixels()).containsExactly(0f, 1f / 65535f, 0f, 40000f / 65535f, 0f, 1f);
        assertThat(PixelFiles.header(rgbFile, NpyLayout.AUTO)).isEqualTo(rgbImage.header());
    }

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_BYTE_GRAY,
            BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_BYTE_INDEXED, BufferedImage.TYPE_BYTE_BINARY})
    void eightBitImagesGiveWhatTheFolderReaderGives(int type) throws IOException {
        BufferedImage image = new BufferedImage(6, 4, type);
        Random random = new Random(type);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        for (String format : new String[] {"png", "bmp", "gif", "jpeg"}) {
            Path file = folder.resolve(type + "." + format);
            if (!ImageIO.write(image, format, file.toFile())) {
                continue; // a writer that does not take this type (e.g. JPEG with alpha)
            }
            ImageArray expected = ImageFolderSource.read(file);

            PixelImage read = PixelFiles.read(file);

            assertThat(read.header().bitDepth()).as(format).isLessThanOrEqualTo(8);
            assertThat(read.toImageArray().channels()).as(format).isEqualTo(expected.channels());
            assertThat(read.pixels()).as(format).containsExactly(expected.pixels());
            assertThat(PixelFiles.header(file, NpyLayout.AUTO)).as(format).isEqualTo(read.header());
        }
    }

    @Test
    void theReaderIsChosenByContentNotByName() throws IOException {
        Path misnamed = folder.resolve("really-a-tiff.png");
        Files.copy(file("bands-planar.tif"), misnamed);

        assertThat(PixelFiles.read(misnamed).header()).isEqualTo(new PixelHeader(4, HEIGHT, WIDTH, 16, false));
    }

    @Test
    void imageNamesAreRecognisedByExtensionInAnyCase() {
        assertThat(PixelFiles.isImageName(Path.of("a/b.TIFF"))).isTrue();
        assertThat(PixelFiles.isImageName(Path.of("b.npy"))).isTrue();
        assertThat(PixelFiles.isImageName(Path.of("scan.dcm"))).isTrue();
        assertThat(PixelFiles.isImageName(Path.of("notes.txt"))).isFalse();
        assertThat(PixelFiles.isImageName(Path.of("tif"))).isFalse();
    }

    private static void assertFormula(PixelImage image, float fullScale) {
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < HEIGHT; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    assertThat(image.pixels()[(c * HEIGHT + y) * WIDTH + x]).as("c %d y %d x %d", c, y, x)
                            .isEqualTo(value(c, y, x) / fullScale);
                }
            }
        }
    }
}
