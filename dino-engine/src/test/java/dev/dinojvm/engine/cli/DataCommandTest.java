package dev.dinojvm.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dino data inspect} end to end, and the bad inputs of {@code dino data inspect} and {@code dino train}. */
@QuarkusMainTest
class DataCommandTest {

    /** A solid-colour RGB PNG: its mean is the colour and its standard deviation 0, by hand. */
    static void solid(Path file, int width, int height, int rgb) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    /** A PNG that is only a signature and a header claiming {@code width × height} pixels. */
    static void pngHeaderOnly(Path file, int width, int height) throws IOException {
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes()).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        bytes.write(ByteBuffer.allocate(4).putInt(13).array());
        bytes.write(ihdr.array());
        bytes.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        Files.createDirectories(file.getParent());
        Files.write(file, bytes.toByteArray());
    }

    @Test
    void inspectReportsCountsSizesChannelsUnreadableDuplicatesAndMeanAsJson(QuarkusMainLauncher launcher, @TempDir Path dir)
            throws IOException {
        // train: 2 red 4×2 cats, 1 blue 1×1 dog, a corrupt dog; test: a copy of a red cat (leakage).
        solid(dir.resolve("train/cat/1.png"), 4, 2, 0xff0000);
        solid(dir.resolve("train/cat/2.png"), 4, 2, 0xff0000);
        solid(dir.resolve("train/dog/1.png"), 1, 1, 0x0000ff);
        Files.writeString(dir.resolve("train/dog/broken.png"), "not a png");
        Files.createDirectories(dir.resolve("test/cat"));
        Files.copy(dir.resolve("train/cat/1.png"), dir.resolve("test/cat/same.png"));

        LaunchResult result = launcher.launch("data", "inspect", dir.toString(), "--json", "--no-throughput");

        assertThat(result.exitCode()).isZero();
        String json = result.getOutput();
        assertThat(json).contains("\"train\":{").contains("\"images\":4").contains("\"classes\":{\"cat\":2,\"dog\":2}")
                .contains("\"width\":[1,4,4]").contains("\"channels\":{\"3\":3}").contains("\"bit_depth\":{\"8\":3}")
                .contains("broken.png").contains("\"test\":{").contains("\"images\":1");
        // Mean over the 17 pixels of train (16 red, 1 blue): R = 16/17, G = 0, B = 1/17.
        assertThat(json).contains(String.format(java.util.Locale.ROOT, "\"mean\":[%.5f,%.5f,%.5f]", 16 / 17.0, 0.0, 1 / 17.0));
        // Standard deviation of R: sqrt(16/17 − (16/17)²).
        double stdRed = Math.sqrt(16 / 17.0 - Math.pow(16 / 17.0, 2));
        assertThat(json).contains(String.format(java.util.Locale.ROOT, "\"std\":[%.5f,", stdRed));
        // The three copies of the red cat are one group, across splits.
        assertThat(json).contains("\"duplicates\":[{\"images\":[\"test:cat/same.png\",\"train:cat/1.png\",\"train:cat/2.png\"],"
                + "\"across_splits\":true}]");
    }

    @Test
    void inspectPrintsTablesWithTheUnreadableFileAndItsReason(QuarkusMainLauncher launcher, @TempDir Path dir) throws IOException {
        solid(dir.resolve("a.png"), 3, 3, 0x808080);
        pngHeaderOnly(dir.resolve("huge.png"), 20_000, 20_000);

        LaunchResult result = launcher.launch("data", "inspect", dir.toString(), "--no-throughput");

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("Unreadable: 1").contains("huge.png")
                .contains("20000×20000 pixels is more than the 40 megapixels").contains("no test split")
                .contains("Classes: none");
    }

    @Test
    void aFolderWithoutImagesExitsWithTwoInOneLine(QuarkusMainLauncher launcher, @TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("readme.txt"), "no images here");

        LaunchResult result = launcher.launch("data", "inspect", dir.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("error: no images found in " + dir).doesNotContain("\tat ").doesNotContain("--debug");
    }

    @Test
    void onlyUnreadableFilesExitWithTwo(QuarkusMainLauncher launcher, @TempDir Path dir) throws IOException {
        for (int i = 0; i < 4; i++) {
            Files.writeString(dir.resolve(i + ".jpg"), "not a jpeg " + i);
        }

        LaunchResult inspect = launcher.launch("data", "inspect", dir.toString(), "--no-throughput");

        assertThat(inspect.exitCode()).isEqualTo(2);
        assertThat(inspect.getOutput()).contains("Unreadable: 4").contains("0.jpg");
        assertThat(inspect.getErrorOutput()).contains("error: none of the 4 images of " + dir + " can be read").doesNotContain("\tat ");
    }

    @Test
    void imagesBesideClassFoldersAreRefused(QuarkusMainLauncher launcher, @TempDir Path dir) throws IOException {
        solid(dir.resolve("loose.png"), 2, 2, 0);
        solid(dir.resolve("cat/1.png"), 2, 2, 0);

        LaunchResult result = launcher.launch("data", "inspect", dir.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("images found both directly in").contains("put all images in class subfolders")
                .doesNotContain("\tat ");
    }

    @Test
    void aSymbolicLinkLoopIsRefusedNotFollowedForever(QuarkusMainLauncher launcher, @TempDir Path dir) throws IOException {
        solid(dir.resolve("cat/1.png"), 2, 2, 0);
        Files.createSymbolicLink(dir.resolve("cat/loop"), dir);

        LaunchResult result = launcher.launch("data", "inspect", dir.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("error: symbolic link loop in").contains("loop").doesNotContain("\tat ");
    }

    @Test
    void presetsAreListedAndSelectableByName(QuarkusMainLauncher launcher) {
        LaunchResult list = launcher.launch("config", "presets");
        LaunchResult show = launcher.launch("config", "show", "--config", "cpu-photos");
        LaunchResult unknown = launcher.launch("config", "show", "--config", "no-such-preset");

        assertThat(list.getOutput()).containsPattern("cpu-photos\\s+Your own photos on a CPU")
                .containsPattern("vit-s16-paper\\s+The DINO paper's ViT-S/16").containsPattern("vit-b16-paper\\s+").containsPattern("demo\\s+");
        assertThat(show.exitCode()).isZero();
        assertThat(show.getOutput()).containsPattern("dino\\.augmentation\\.grayscale-probability = \\S+\\s+# preset cpu-photos");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.getErrorOutput()).contains("no such file or preset").contains("cpu-photos");
    }
}
