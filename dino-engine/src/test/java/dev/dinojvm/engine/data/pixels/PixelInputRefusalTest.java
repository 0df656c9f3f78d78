package dev.dinojvm.engine.data.pixels;

import static dev.dinojvm.engine.data.pixels.PixelFixtures.file;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of input that is refused as it is: one line naming the file and what to do. */
class PixelInputRefusalTest {

    @TempDir
    Path folder;

    @Test
    void npyOfOneDimension() {
        assertRefused("one-dimension.npy", "holds an array of shape (7,) (1 dimension); an image array has 2 (height, width) or 3");
        assertHeaderRefused("one-dimension.npy", "(1 dimension)");
    }

    @Test
    void npyOfFiveDimensions() {
        assertRefused("five-dimensions.npy", "holds an array of shape (1, 1, 4, 5, 7) (5 dimensions)");
        assertHeaderRefused("five-dimensions.npy", "(5 dimensions)");
    }

    @Test
    void npyOfAnotherType() {
        assertRefused("int64.npy", "holds values of NumPy type '<i8'; image arrays must be uint8, uint16 or float32");
    }

    @Test
    void nanInAFloatArray() {
        assertRefused("nan.npy", "holds NaN at channel 2, x 4, y 3: pixel values must be finite numbers");
    }

    @Test
    void infinityInAFloatArray() {
        assertRefused("inf.npy", "holds -Infinity at channel 1, x 6, y 0: pixel values must be finite numbers");
    }

    @Test
    void tiffCompressionTheReaderLacks() {
        assertRefused("zstd.tif", "uses TIFF compression 50000 (Zstandard), which the TIFF reader cannot decode");
        assertHeaderRefused("zstd.tif", "re-save the file uncompressed or with LZW or Deflate");
    }

    @Test
    void tiffOfSignedIntegers() {
        assertRefused("signed.tif", "holds signed 16-bit integer samples; supported are unsigned integers of up to 16 bits and 32-bit floats");
    }

    @Test
    void tiffPagesThatAreNotOneImage() {
        assertRefused("pages-of-two-sizes.tif", "has pages that are not one image (page 1: 7x5, 1 channel, 16-bit; page 2: 3x3,"
                + " 1 channel, 16-bit)");
    }

    @Test
    void dicomIsRecognisedAndTheConversionNamed() throws IOException {
        byte[] bytes = new byte[300];
        System.arraycopy("DICM".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, bytes, 128, 4);
        Path dicom = folder.resolve("scan.dcm");
        Files.write(dicom, bytes);

        assertRefused(dicom, "is a DICOM file, which is not read directly: convert its pixel data to a 16-bit PNG or TIFF first");
    }

    @Test
    void bigTiff() throws IOException {
        byte[] bytes = Arrays.copyOf(new byte[] {'I', 'I', 43, 0, 8, 0, 0, 0}, 64);
        Path big = folder.resolve("big.tif");
        Files.write(big, bytes);

        assertRefused(big, "is a BigTIFF file, which the TIFF reader cannot decode");
    }

    @Test
    void aCorruptFileIsUnreadableNotRefused() throws IOException {
        // A damaged file is one bad file among good ones (skipped and counted), not a kind of input to refuse.
        Path truncated = folder.resolve("truncated.tif");
        byte[] whole = Files.readAllBytes(file("bands-planar.tif"));
        Files.write(truncated, Arrays.copyOf(whole, 40));
        Path text = folder.resolve("text.png");
        Files.writeString(text, "not an image");

        for (Path bad : new Path[] {truncated, text}) {
            assertThatThrownBy(() -> PixelFiles.read(bad)).isInstanceOf(IOException.class)
                    .isNotInstanceOf(PixelInputException.class).hasMessageStartingWith("cannot read image " + bad);
        }
    }

    private static void assertRefused(String fixture, String message) {
        assertRefused(file(fixture), message);
    }

    private static void assertRefused(Path path, String message) {
        assertThatThrownBy(() -> PixelFiles.read(path)).isInstanceOf(PixelInputException.class)
                .hasMessageStartingWith(path.toString()).hasMessageContaining(message).hasMessageNotContaining("\n");
    }

    private static void assertHeaderRefused(String fixture, String message) {
        Path path = file(fixture);
        assertThatThrownBy(() -> PixelFiles.header(path, NpyLayout.AUTO)).isInstanceOf(PixelInputException.class)
                .hasMessageStartingWith(path.toString()).hasMessageContaining(message);
    }
}
