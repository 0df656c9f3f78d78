package dev.dinojvm.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.dinojvm.api.ImageArray;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderSourceTest {

    @TempDir
    Path root;

    @Test
    void subfoldersAreSortedClassesAndFilesAreOrderedByRelativePath() throws IOException {
        png(root.resolve("b_dog/2.png"));
        png(root.resolve("b_dog/1.PNG"));
        image(root.resolve("a_cat/z.jpeg"), "jpeg");
        image(root.resolve("a_cat/sub/x.bmp"), "bmp");
        image(root.resolve("a_cat/y.GIF"), "gif");
        Files.writeString(root.resolve("a_cat/notes.txt"), "not an image");
        png(root.resolve(".cache/hidden.png"));

        ImageSource source = ImageFolderSource.open(root, "train", 0);

        List<String> described = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            described.add(root.relativize(Path.of(source.describe(i))).toString());
            labels.add(source.label(i));
        }
        assertThat(described).containsExactly("a_cat/sub/x.bmp", "a_cat/y.GIF", "a_cat/z.jpeg", "b_dog/1.PNG", "b_dog/2.png");
        assertThat(labels).containsExactly(0, 0, 0, 1, 1);
        assertThat(source.classNames()).containsExactly("a_cat", "b_dog");
        for (int i = 0; i < source.size(); i++) {
            assertThat(source.load(i).channels()).isEqualTo(3);
        }
    }

    @Test
    void rgbPixelsArePlanarAndScaledAndAlphaIsDropped() throws IOException {
        BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        rgb.setRGB(0, 0, 0xFF_FF_00_33); // opaque (255, 0, 51)
        rgb.setRGB(1, 0, 0x80_00_66_FF); // half transparent (0, 102, 255)
        ImageIO.write(rgb, "png", root.resolve("colour.png").toFile());

        ImageArray image = ImageFolderSource.open(root, "train", 0).load(0);

        assertThat(image.channels()).isEqualTo(3);
        assertThat(image.height()).isEqualTo(1);
        assertThat(image.width()).isEqualTo(2);
        assertThat(image.pixels()).containsExactly(new float[] {1f, 0f, 0f, 0.4f, 0.2f, 1f}, within(1e-6f));
    }

    @Test
    void jpegAndByteRgbPngSamplesEqualWhatGetRgbGives() throws IOException {
        java.util.Random random = new java.util.Random(3);
        BufferedImage photo = new BufferedImage(13, 7, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 13; x++) {
                photo.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ImageIO.write(photo, "jpeg", root.resolve("photo.jpg").toFile());
        BufferedImage withAlpha = new BufferedImage(5, 4, BufferedImage.TYPE_4BYTE_ABGR);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                withAlpha.setRGB(x, y, random.nextInt());
            }
        }
        ImageIO.write(withAlpha, "png", root.resolve("alpha.png").toFile());

        for (String name : List.of("photo.jpg", "alpha.png")) {
            Path file = root.resolve(name);
            BufferedImage decoded = ImageIO.read(file.toFile());
            ImageArray image = ImageFolderSource.read(file);
            int area = decoded.getWidth() * decoded.getHeight();
            float[] expected = new float[3 * area];
            for (int y = 0; y < decoded.getHeight(); y++) {
                for (int x = 0; x < decoded.getWidth(); x++) {
                    int argb = decoded.getRGB(x, y);
                    int i = y * decoded.getWidth() + x;
                    expected[i] = ((argb >> 16) & 0xff) / 255f;
                    expected[area + i] = ((argb >> 8) & 0xff) / 255f;
                    expected[2 * area + i] = (argb & 0xff) / 255f;
                }
            }
            assertThat(image.channels()).as(name).isEqualTo(3);
            assertThat(image.pixels()).as(name).containsExactly(expected);
        }
    }

    @Test
    void eightBitFilesReachTheAugmentationAsBytesAndDeeperOnesAsFloats(@TempDir Path other) throws IOException {
        java.util.Random random = new java.util.Random(8);
        BufferedImage photo = new BufferedImage(11, 6, BufferedImage.TYPE_INT_RGB);
        BufferedImage grey = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage deep = new BufferedImage(4, 3, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                grey.getRaster().setSample(x, y, 0, random.nextInt(256));
                deep.getRaster().setSample(x, y, 0, random.nextInt(65_536));
            }
        }
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 11; x++) {
                photo.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ImageIO.write(photo, "jpeg", root.resolve("a.jpg").toFile());
        ImageIO.write(grey, "png", root.resolve("b.png").toFile());
        Path deepFile = other.resolve("deep.png");
        ImageIO.write(deep, "png", deepFile.toFile());

        ImageSource source = ImageFolderSource.open(root, "train", 0);
        for (int i = 0; i < source.size(); i++) {
            SourceImage image = source.loadForViews(i);
            assertThat(image.bytes()).as(source.describe(i)).isNotNull();
            assertThat(image.toImageArray()).as(source.describe(i)).usingRecursiveComparison().isEqualTo(source.load(i));
        }
        SourceImage sixteenBits = ImageFolderSource.decode(deepFile, null).image();
        assertThat(sixteenBits.floats()).as("16-bit samples are not bytes").isNotNull();
        assertThat(sixteenBits.floats().pixels()[0]).isEqualTo(deep.getRaster().getSample(0, 0, 0) / 65535f);
    }

    @Test
    void greyPngGivesOneChannel() throws IOException {
        BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 0);
        grey.getRaster().setSample(1, 0, 0, 102);
        grey.getRaster().setSample(2, 0, 0, 255);
        ImageIO.write(grey, "png", root.resolve("grey.png").toFile());

        ImageSource source = ImageFolderSource.open(root, "train", 0);
        ImageArray image = source.load(0);

        assertThat(image.channels()).isEqualTo(1);
        assertThat(image.pixels()).containsExactly(new float[] {0f, 0.4f, 1f}, within(1e-6f));
        assertThat(source.label(0)).isEqualTo(-1);
        assertThat(source.classNames()).isEmpty();
    }

    @Test
    void corruptFileThrowsIOExceptionNamingIt() throws IOException {
        png(root.resolve("a.png"));
        Files.write(root.resolve("broken.png"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});

        ImageSource source = ImageFolderSource.open(root, "train", 0);

        assertThat(source.size()).isEqualTo(2);
        assertThat(source.load(0).channels()).isEqualTo(3);
        assertThatThrownBy(() -> source.load(1)).isInstanceOf(IOException.class).hasMessageContaining("broken.png");
    }

    @Test
    void truncatedPngThrowsIOExceptionNamingIt() throws IOException {
        Path good = root.resolve("good.png");
        png(good);
        byte[] bytes = Files.readAllBytes(good);
        Files.write(root.resolve("cut.png"), java.util.Arrays.copyOf(bytes, 40));

        ImageSource source = ImageFolderSource.open(root, "train", 0);

        assertThat(source.describe(0)).endsWith("cut.png");
        assertThatThrownBy(() -> source.load(0)).isInstanceOf(IOException.class).hasMessageContaining("cut.png");
    }

    @Test
    void limitKeepsTheFirstFilesButAllClasses() throws IOException {
        png(root.resolve("a/1.png"));
        png(root.resolve("a/2.png"));
        png(root.resolve("b/1.png"));

        ImageSource source = ImageFolderSource.open(root, "train", 2);

        assertThat(source.size()).isEqualTo(2);
        assertThat(source.describe(1)).endsWith("2.png");
        assertThat(source.classNames()).containsExactly("a", "b");
    }

    @Test
    void splitsUseTrainAndTestOrValSubfolders() throws IOException {
        png(root.resolve("train/x/1.png"));
        png(root.resolve("train/y/1.png"));
        png(root.resolve("val/x/1.png"));

        assertThat(ImageFolderSource.open(root, "train", 0).size()).isEqualTo(2);
        ImageSource test = ImageFolderSource.open(root, "test", 0);
        assertThat(test.size()).isEqualTo(1);
        assertThat(test.describe(0)).contains("val");

        png(root.resolve("test/x/1.png"));
        png(root.resolve("test/x/2.png"));
        assertThat(ImageFolderSource.open(root, "test", 0).size()).isEqualTo(2);
    }

    @Test
    void trainFromTheRootLeavesOutItsTestFolder() throws IOException {
        png(root.resolve("1.png"));
        png(root.resolve("2.png"));
        png(root.resolve("test/3.png"));

        ImageSource train = ImageFolderSource.open(root, "train", 0);

        assertThat(train.size()).isEqualTo(2);
        assertThat(train.classNames()).isEmpty();
        assertThat(ImageFolderSource.open(root, "test", 0).size()).isEqualTo(1);
    }

    @Test
    void missingTestFolderIsReported() throws IOException {
        png(root.resolve("1.png"));

        assertThatThrownBy(() -> ImageFolderSource.open(root, "test", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test/")
                .hasMessageContaining("val/");
    }

    @Test
    void folderWithoutImagesSaysWhichExtensionsWereLookedFor() throws IOException {
        Files.writeString(root.resolve("readme.txt"), "hello");

        assertThatThrownBy(() -> ImageFolderSource.open(root, "train", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no images found")
                .hasMessageContaining(".png")
                .hasMessageContaining(".jpeg")
                .hasMessageContaining(".bmp");
    }

    @Test
    void imagesBothAtTopLevelAndInSubfoldersAreRejected() throws IOException {
        png(root.resolve("loose.png"));
        png(root.resolve("cls/1.png"));

        assertThatThrownBy(() -> ImageFolderSource.open(root, "train", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loose.png");
    }

    @Test
    void aFileThatChangesOrGoesAfterTheListingIsAnIoErrorNamingIt() throws IOException {
        png(root.resolve("a.png"));
        png(root.resolve("b.png"));
        ImageSource source = ImageFolderSource.open(root, "train", 0);
        byte[] whole = Files.readAllBytes(root.resolve("a.png"));
        Files.write(root.resolve("a.png"), java.util.Arrays.copyOf(whole, whole.length / 2)); // rewritten, half done
        Files.delete(root.resolve("b.png"));

        assertThatThrownBy(() -> source.load(0)).isInstanceOf(IOException.class).hasMessageStartingWith("cannot read image " + root.resolve("a.png"));
        assertThatThrownBy(() -> source.load(1)).isInstanceOf(IOException.class).hasMessageStartingWith("cannot read image " + root.resolve("b.png"));
    }

    @Test
    void hugeDimensionsAreRefusedFromTheHeaderAndTinyOnesRead() throws IOException {
        assertThatThrownBy(() -> ImageFolderSource.checkDimensions(root.resolve("x.png"), 20_000, 20_000))
                .isInstanceOf(IOException.class).hasMessageContaining("20000×20000 pixels is more than the 40 megapixels");
        ImageFolderSource.checkDimensions(root.resolve("x.png"), 1, 1);
        BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        one.setRGB(0, 0, 0xff0000);
        ImageIO.write(one, "png", root.resolve("one.png").toFile());
        ImageArray image = ImageFolderSource.read(root.resolve("one.png"));
        assertThat(image.pixels()).containsExactly(1f, 0f, 0f);
    }

    private static void png(Path file) throws IOException {
        image(file, "png");
    }

    private static void image(Path file, String format) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0x336699);
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IllegalStateException("no ImageIO writer for " + format);
        }
    }
}
