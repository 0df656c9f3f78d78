package dev.dinojvm.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.dinojvm.api.ImageArray;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSourcesTest {

    @TempDir
    Path dir;

    @Test
    void embeddedFashionMnistHas10000TrainAnd2000TestImagesWithTenClasses() throws IOException {
        ImageSource train = ImageSources.open("embedded:fashion-mnist", "train", 0);
        ImageSource test = ImageSources.open("embedded:fashion-mnist", "test", 0);

        assertThat(train.size()).isEqualTo(10_000);
        assertThat(test.size()).isEqualTo(2000);
        assertThat(train.classNames()).hasSize(10).startsWith("T-shirt/top").endsWith("Ankle boot");
        Set<Integer> labels = new HashSet<>();
        for (int i = 0; i < train.size(); i++) {
            labels.add(train.label(i));
        }
        for (int i = 0; i < test.size(); i++) {
            assertThat(test.label(i)).isBetween(0, 9);
        }
        assertThat(labels).allMatch(l -> l >= 0 && l <= 9);
        assertThat(labels).hasSize(10);
        assertThat(train.describe(3)).isEqualTo("embedded:fashion-mnist/train-images-idx3-ubyte[3]");
    }

    @Test
    void embeddedImagesMatchTheRawIdxBytes() throws IOException {
        ImageSource test = ImageSources.open("embedded:fashion-mnist", "test", 0);
        // Independent reading: IDX images start after a 16-byte header, labels after 8 bytes.
        byte[] rawImages = readResource("/embedded/fashion-mnist/t10k-images-idx3-ubyte.gz");
        byte[] rawLabels = readResource("/embedded/fashion-mnist/t10k-labels-idx1-ubyte.gz");

        int index = 7;
        ImageArray image = test.load(index);

        assertThat(image.channels()).isEqualTo(1);
        assertThat(image.height()).isEqualTo(28);
        assertThat(image.width()).isEqualTo(28);
        for (int p = 0; p < 784; p++) {
            float expected = (rawImages[16 + index * 784 + p] & 0xff) / 255.0f;
            assertThat(image.pixels()[p]).isEqualTo(expected, within(1e-6f));
        }
        assertThat(test.label(index)).isEqualTo(rawLabels[8 + index] & 0xff);
    }

    @Test
    void limitKeepsTheFirstImages() throws IOException {
        ImageSource all = ImageSources.open("embedded:fashion-mnist", "train", 0);
        ImageSource five = ImageSources.open("embedded:fashion-mnist", "train", 5);

        assertThat(five.size()).isEqualTo(5);
        assertThat(five.label(4)).isEqualTo(all.label(4));
        assertThat(five.load(4).pixels()).isEqualTo(all.load(4).pixels());
        assertThat(ImageSources.open("embedded:fashion-mnist", "test", 5000).size()).isEqualTo(2000);
    }

    @Test
    void picksTheSourceTypeFromTheDirectoryContent() throws IOException {
        Path idxDir = Files.createDirectory(dir.resolve("mnist"));
        IdxImageSourceTest.write(idxDir.resolve("train-images-idx3-ubyte.gz"),
                IdxImageSourceTest.idx(0x08, new int[] {1, 1, 1}, new byte[] {(byte) 255}), true);
        Path imageDir = Files.createDirectory(dir.resolve("photos"));
        ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png", imageDir.resolve("a.png").toFile());

        assertThat(ImageSources.open(idxDir.toString(), "train", 0)).isInstanceOf(IdxImageSource.class);
        assertThat(ImageSources.open(imageDir.toString(), "train", 0)).isInstanceOf(ImageFolderSource.class);
        assertThatThrownBy(() -> ImageSources.open(idxDir.toString(), "test", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IDX files missing");
    }

    @Test
    void rejectsBadArgumentsWithClearMessages() throws IOException {
        Path missing = dir.resolve("nowhere");
        Path file = Files.writeString(dir.resolve("file.txt"), "x");

        assertThatThrownBy(() -> ImageSources.open(missing.toString(), "train", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("nowhere");
        assertThatThrownBy(() -> ImageSources.open(file.toString(), "train", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a directory");
        assertThatThrownBy(() -> ImageSources.open("embedded:cifar", "train", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("embedded:fashion-mnist");
        assertThatThrownBy(() -> ImageSources.open("embedded:fashion-mnist", "validation", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("validation");
        assertThatThrownBy(() -> ImageSources.open("embedded:fashion-mnist", "train", -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] readResource(String name) throws IOException {
        try (InputStream in = new GZIPInputStream(ImageSourcesTest.class.getResourceAsStream(name))) {
            return in.readAllBytes();
        }
    }
}
