package dev.dinojvm.engine.data.pixels;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Reads image files with all their channels at their stored depth: PNG (8 and 16-bit), JPEG, BMP, GIF,
 * TIFF (8 and 16-bit integers, 32-bit floats, any number of bands, pages as channels) and NumPy {@code
 * .npy} arrays. The reader is chosen by the file's content, so a misnamed file is still read; the
 * extensions say which files of a folder are images. DICOM files are recognised and refused with the way
 * to convert them, as no maintained DICOM reader is on Maven Central.
 */
public final class PixelFiles {

    /** The extensions of image files, lower case ({@code dcm} so that DICOM files are refused, not overlooked). */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif", "tif", "tiff", "npy", "dcm");

    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final byte[] TIFF_LITTLE = {'I', 'I', 42, 0};
    private static final byte[] TIFF_BIG = {'M', 'M', 0, 42};
    private static final byte[] BIGTIFF_LITTLE = {'I', 'I', 43, 0};
    private static final byte[] BIGTIFF_BIG = {'M', 'M', 0, 43};
    private static final int DICOM_PREAMBLE = 128;

    private enum Kind { NPY, TIFF, BIGTIFF, DICOM, OTHER }

    private PixelFiles() {}

    /**
     * @param file a path
     * @return whether its name ends in one of {@link #EXTENSIONS}, in any case
     */
    public static boolean isImageName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Reads a file's pixels; a 3-dimensional {@code .npy} array's channel axis is chosen by {@link NpyLayout#AUTO}.
     *
     * @param file the file
     * @return its pixels
     * @throws IOException when it cannot be read (the message names the file); {@link PixelInputException}
     *     when it is refused as it is
     */
    public static PixelImage read(Path file) throws IOException {
        return read(file, NpyLayout.AUTO);
    }

    /**
     * @param file the file
     * @param layout where the channels are in a 3-dimensional {@code .npy} array
     * @return its pixels
     * @throws IOException when it cannot be read (the message names the file); {@link PixelInputException}
     *     when it is refused as it is
     */
    public static PixelImage read(Path file, NpyLayout layout) throws IOException {
        return switch (kind(file)) {
            case NPY -> NpyPixels.read(file, layout);
            case TIFF -> ImageIoPixels.read(file, true);
            case OTHER -> ImageIoPixels.read(file, false);
            case BIGTIFF -> throw bigTiff(file);
            case DICOM -> throw dicom(file);
        };
    }

    /**
     * Reads what a file holds without decoding its pixels (fast enough to check every file of a large folder).
     *
     * @param file the file
     * @param layout where the channels are in a 3-dimensional {@code .npy} array
     * @return its channels, size and sample format
     * @throws IOException as {@link #read(Path, NpyLayout)}, except for problems only the pixels show (NaN)
     */
    public static PixelHeader header(Path file, NpyLayout layout) throws IOException {
        return switch (kind(file)) {
            case NPY -> NpyPixels.header(file, layout);
            case TIFF -> ImageIoPixels.header(file, true);
            case OTHER -> ImageIoPixels.header(file, false);
            case BIGTIFF -> throw bigTiff(file);
            case DICOM -> throw dicom(file);
        };
    }

    private static Kind kind(Path file) throws IOException {
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(DICOM_PREAMBLE + 4);
        } catch (IOException e) {
            throw new IOException("cannot read image " + file + ": " + e.getMessage(), e);
        }
        if (startsWith(start, NPY_MAGIC)) {
            return Kind.NPY;
        }
        if (startsWith(start, TIFF_LITTLE) || startsWith(start, TIFF_BIG)) {
            return Kind.TIFF;
        }
        if (startsWith(start, BIGTIFF_LITTLE) || startsWith(start, BIGTIFF_BIG)) {
            return Kind.BIGTIFF;
        }
        if (start.length == DICOM_PREAMBLE + 4
                && new String(start, DICOM_PREAMBLE, 4, StandardCharsets.US_ASCII).equals("DICM")) {
            return Kind.DICOM;
        }
        return Kind.OTHER;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static PixelInputException bigTiff(Path file) {
        return new PixelInputException(file + " is a BigTIFF file, which the TIFF reader cannot decode: save it as a"
                + " classic TIFF (under 4 GiB), e.g. with tifffile's imwrite(..., bigtiff=False)");
    }

    private static PixelInputException dicom(Path file) {
        return new PixelInputException(file + " is a DICOM file, which is not read directly: convert its pixel data to a"
                + " 16-bit PNG or TIFF first, e.g. in Python: tifffile.imwrite('out.tif', pydicom.dcmread('in.dcm').pixel_array)");
    }
}
