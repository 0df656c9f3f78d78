package dev.dinojvm.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreparedImagesTest {

    @TempDir
    Path root;

    @Test
    void preparedPixelsEqualTheDecodedFilesAndUnstorableImagesComeFromTheirFiles() throws IOException {
        Random random = new Random(5);
        image(root.resolve("train/cat/a.jpg"), "jpeg", BufferedImage.TYPE_INT_RGB, 9, 6, random);
        image(root.resolve("train/cat/b.png"), "png", BufferedImage.TYPE_4BYTE_ABGR, 5, 7, random);
        image(root.resolve("train/dog/c.png"), "png", BufferedImage.TYPE_BYTE_GRAY, 4, 3, random);
        Files.writeString(root.resolve("train/dog/e.png"), "not a png"); // unreadable: its file reports it
        ImageSource files = ImageFolderSource.open(root, "train", 0);

        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Path prepared = PreparedImages.prepare((ImageFolderSource) files, new PrintStream(progress, true));
        ImageSource source = ImageSources.open(root.toString(), "train", 0);

        assertThat(prepared).isEqualTo(root.resolve("train/.dino-prepared/pixels"));
        assertThat(progress.toString()).contains("4 / 4 images (100 %)");
        assertThat(source).isNotInstanceOf(ImageFolderSource.class);
        assertThat(source.size()).isEqualTo(4);
        assertThat(source.classNames()).containsExactly("cat", "dog");
        for (int i = 0; i < 3; i++) {
            assertThat(source.load(i)).as(source.describe(i)).usingRecursiveComparison().isEqualTo(files.load(i));
            SourceImage forViews = source.loadForViews(i);
            assertThat(forViews.bytes()).as("stored samples reach the augmentation as bytes").isNotNull();
            assertThat(forViews.toImageArray()).usingRecursiveComparison().isEqualTo(files.load(i));
            assertThat(source.label(i)).isEqualTo(files.label(i));
        }
        assertThatThrownBy(() -> source.load(3)).isInstanceOf(IOException.class).hasMessageContaining("e.png");
        // Only the 8-bit images are stored: 9x6x3 + 5x7x3 + 4x3 bytes of samples.
        assertThat(Files.size(prepared)).isEqualTo(12 + 4 * 44 + 9 * 6 * 3 + 5 * 7 * 3 + 4 * 3);
    }

    @Test
    void aFolderChangedSincePreparingIsReadFromItsFiles() throws IOException {
        Random random = new Random(6);
        Path first = root.resolve("a.png");
        image(first, "png", BufferedImage.TYPE_INT_RGB, 4, 4, random);
        image(root.resolve("b.png"), "png", BufferedImage.TYPE_INT_RGB, 4, 4, random);
        PreparedImages.prepare(ImageFolderSource.open(root, "train", 0), new PrintStream(new ByteArrayOutputStream()));
        assertThat(ImageSources.open(root.toString(), "train", 0)).isNotInstanceOf(ImageFolderSource.class);
        assertThat(ImageSources.open(root.toString(), "train", 1)).as("a limit reads the first prepared images")
                .isNotInstanceOf(ImageFolderSource.class);

        image(first, "png", BufferedImage.TYPE_INT_RGB, 5, 4, random);
        Files.setLastModifiedTime(first, FileTime.fromMillis(Files.getLastModifiedTime(first).toMillis() + 2000));
        ImageSource source = ImageSources.open(root.toString(), "train", 0);

        assertThat(source).isInstanceOf(ImageFolderSource.class);
        assertThat(source.load(0).width()).isEqualTo(5);
    }

    private static void image(Path file, String format, int type, int width, int height, Random random) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (type == BufferedImage.TYPE_USHORT_GRAY) {
                    image.getRaster().setSample(x, y, 0, 1 + random.nextInt(65_000));
                } else {
                    image.setRGB(x, y, random.nextInt());
                }
            }
        }
        ImageIO.write(image, format, file.toFile());
    }
}
