package dev.dinojvm.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.dinojvm.api.ImageArray;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxImageSourceTest {

    /** Two 2x3 images. */
    private static final byte[] PIXELS = {
        0, 51, 102, (byte) 153, (byte) 204, (byte) 255,
        (byte) 255, 0, (byte) 128, 1, 2, 3
    };
    private static final byte[] LABELS = {7, 3};

    @TempDir
    Path dir;

    @Test
    void readsPlainIdxFilesBigEndianHeaderAndScalesBytes() throws IOException {
        write(dir.resolve("train-images-idx3-ubyte"), idx(0x08, new int[] {2, 2, 3}, PIXELS), false);
        write(dir.resolve("train-labels-idx1-ubyte"), idx(0x08, new int[] {2}, LABELS), false);

        IdxImageSource source = IdxImageSource.open(dir, "train", 0);

        assertThat(source.size()).isEqualTo(2);
        ImageArray first = source.load(0);
        assertThat(first.channels()).isEqualTo(1);
        assertThat(first.height()).isEqualTo(2);
        assertThat(first.width()).isEqualTo(3);
        assertThat(first.pixels()).containsExactly(new float[] {0f, 0.2f, 0.4f, 0.6f, 0.8f, 1f}, within(1e-6f));
        assertThat(source.load(1).pixels())
                .containsExactly(new float[] {1f, 0f, 128 / 255f, 1 / 255f, 2 / 255f, 3 / 255f}, within(1e-6f));
        assertThat(source.label(0)).isEqualTo(7);
        assertThat(source.label(1)).isEqualTo(3);
        assertThat(source.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
        assertThat(source.describe(1)).endsWith("train-images-idx3-ubyte[1]");
    }

    @Test
    void readsGzippedTestSplit() throws IOException {
        write(dir.resolve("t10k-images-idx3-ubyte.gz"), idx(0x08, new int[] {2, 2, 3}, PIXELS), true);
        write(dir.resolve("t10k-labels-idx1-ubyte.gz"), idx(0x08, new int[] {2}, LABELS), true);

        IdxImageSource source = IdxImageSource.open(dir, "test", 0);

        assertThat(source.size()).isEqualTo(2);
        assertThat(source.load(1).pixels()[2]).isEqualTo(128 / 255f, within(1e-6f));
        assertThat(source.label(1)).isEqualTo(3);
        assertThat(source.describe(0)).endsWith("t10k-images-idx3-ubyte.gz[0]");
    }

    @Test
    void limitKeepsTheFirstImagesAndTheirLabels() throws IOException {
        write(dir.resolve("train-images-idx3-ubyte"), idx(0x08, new int[] {2, 2, 3}, PIXELS), false);
        write(dir.resolve("train-labels-idx1-ubyte"), idx(0x08, new int[] {2}, LABELS), false);

        IdxImageSource source = IdxImageSource.open(dir, "train", 1);

        assertThat(source.size()).isEqualTo(1);
        assertThat(source.label(0)).isEqualTo(7);
        assertThat(source.load(0).pixels()[1]).isEqualTo(0.2f, within(1e-6f));
        assertThatThrownBy(() -> source.load(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void labelsAreOptional() throws IOException {
        write(dir.resolve("train-images-idx3-ubyte"), idx(0x08, new int[] {2, 2, 3}, PIXELS), false);

        IdxImageSource source = IdxImageSource.open(dir, "train", 0);

        assertThat(source.label(0)).isEqualTo(-1);
        assertThat(source.classNames()).isEmpty();
    }

    @Test
    void mismatchedImageAndLabelCountsAreRejected() throws IOException {
        write(dir.resolve("train-images-idx3-ubyte"), idx(0x08, new int[] {2, 2, 3}, PIXELS), false);
        write(dir.resolve("train-labels-idx1-ubyte"), idx(0x08, new int[] {3}, new byte[] {1, 2, 3}), false);

        assertThatThrownBy(() -> IdxImageSource.open(dir, "train", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mismatched image/label counts")
                .hasMessageContaining("2 images")
                .hasMessageContaining("3 labels");
    }

    @Test
    void missingSplitFilesAreReported() throws IOException {
        write(dir.resolve("train-images-idx3-ubyte"), idx(0x08, new int[] {2, 2, 3}, PIXELS), false);

        assertThatThrownBy(() -> IdxImageSource.open(dir, "test", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IDX files missing")
                .hasMessageContaining("t10k-images-idx3-ubyte");
    }

    @Test
    void badMagicNumberIsRejected() throws IOException {
        byte[] bytes = idx(0x08, new int[] {2, 2, 3}, PIXELS);
        bytes[0] = 1;
        write(dir.resolve("train-images-idx3-ubyte"), bytes, false);

        assertThatThrownBy(() -> IdxImageSource.open(dir, "train", 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("magic");
    }

    @Test
    void nonByteDataTypeIsRejected() throws IOException {
        write(dir.resolve("train-images-idx3-ubyte"), idx(0x0D, new int[] {2, 2, 3}, PIXELS), false);

        assertThatThrownBy(() -> IdxImageSource.open(dir, "train", 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("0x0D");
    }

    @Test
    void truncatedDataIsRejected() throws IOException {
        write(dir.resolve("train-images-idx3-ubyte"), idx(0x08, new int[] {3, 2, 3}, PIXELS), false);

        assertThatThrownBy(() -> IdxImageSource.open(dir, "train", 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("truncated");
    }

    /** Writes an IDX file the way the MNIST distribution does: 0, 0, type, rank, big-endian dims, data. */
    static byte[] idx(int type, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(0);
        out.writeByte(0);
        out.writeByte(type);
        out.writeByte(dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        out.flush();
        return bytes.toByteArray();
    }

    static void write(Path file, byte[] content, boolean gzip) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
            out.write(content);
        }
    }
}
