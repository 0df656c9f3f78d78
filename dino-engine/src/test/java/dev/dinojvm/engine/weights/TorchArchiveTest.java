package dev.dinojvm.engine.weights;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storage views as torch.save writes them: strides, offsets, element types and byte order. */
class TorchArchiveTest {

    /** Element size of each storage of strided.pth, told apart by byte length: 12 float32, 3 float16, 2 float64. */
    private static final Map<Integer, Integer> ELEMENT_SIZE_BY_LENGTH = Map.of(48, 4, 6, 2, 16, 8);

    @TempDir
    Path dir;

    @Test
    void viewsOfStoragesAreReadWithTheirStridesOffsetsAndTypes() throws IOException {
        assertStridedValues(WeightsFile.read(WeightFixtures.file("strided.pth"), Optional.empty()));
    }

    @Test
    void aBigEndianArchiveGivesTheSameValues() throws IOException {
        Path bigEndian = dir.resolve("big-endian.pth");
        try (ZipFile original = new ZipFile(WeightFixtures.file("strided.pth").toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bigEndian))) {
            String prefix = "";
            for (ZipEntry entry : java.util.Collections.list(original.entries())) {
                byte[] content = original.getInputStream(entry).readAllBytes();
                if (entry.getName().endsWith("data.pkl")) {
                    prefix = entry.getName().substring(0, entry.getName().length() - "data.pkl".length());
                }
                if (entry.getName().contains("/data/")) {
                    content = swapBytes(content, ELEMENT_SIZE_BY_LENGTH.get(content.length));
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(content);
            }
            out.putNextEntry(new ZipEntry(prefix + "byteorder"));
            out.write("big".getBytes(StandardCharsets.US_ASCII));
        }

        assertStridedValues(WeightsFile.read(bigEndian, Optional.empty()));
    }

    private static void assertStridedValues(ModelWeights weights) {
        Map<String, WeightTensor> tensors = weights.backbone();
        // torch.arange(6).reshape(2, 3).t(): shape (3, 2), strides (1, 3) over the storage
        assertThat(tensors.get("transposed").shape()).containsExactly(3, 2);
        assertThat(tensors.get("transposed").values()).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(tensors.get("offset").values()).containsExactly(3, 4, 5, 6);
        assertThat(tensors.get("half").values()).containsExactly(0.5f, -2f, 65504f);
        assertThat(tensors.get("double").values()).containsExactly(1.25f, -3.5f);
    }

    private static byte[] swapBytes(byte[] littleEndian, int elementSize) {
        byte[] out = new byte[littleEndian.length];
        for (int i = 0; i < littleEndian.length; i += elementSize) {
            for (int b = 0; b < elementSize; b++) {
                out[i + b] = littleEndian[i + elementSize - 1 - b];
            }
        }
        return out;
    }

    @Test
    void halfFloatsConvertExactly() {
        assertThat(HalfFloats.toFloat((short) 0x3c00)).isEqualTo(1f);
        assertThat(HalfFloats.toFloat((short) 0xc000)).isEqualTo(-2f);
        assertThat(HalfFloats.toFloat((short) 0x0001)).isEqualTo(0x1p-24f); // smallest subnormal
        assertThat(HalfFloats.toFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(HalfFloats.bfloat16ToFloat((short) 0x3fc0)).isEqualTo(1.5f); // the top half of 1.5f = 0x3fc00000
    }
}
