package dev.dinojvm.engine.data.pixels;

import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.SampleModel;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Which bands of one decoded page (an ImageIO image) become channels, and how their samples are stored.
 * A palette image gives its palette's 8-bit red, green and blue; otherwise every band that is not alpha
 * is a channel, with its stored values.
 *
 * @param bands the raster bands kept, in order (for a palette: red, green, blue of the palette)
 * @param bitDepth bits per sample: 1 to 16 for unsigned integers, 32 for floats
 * @param floating whether the samples are floats
 * @param palette whether the pixels are palette indices
 */
record PageFormat(int[] bands, int bitDepth, boolean floating, boolean palette) {

    /**
     * @param file the file, for messages
     * @param colour the page's colour model
     * @param samples the page's sample model
     * @param alphaBands the bands that hold alpha (dropped, as opacity is not image content)
     * @return the page's format
     * @throws PixelInputException for samples this reader does not scale without a guess: signed or 32-bit
     *     integers, 64-bit floats, bands of different depths
     */
    static PageFormat of(Path file, ColorModel colour, SampleModel samples, Set<Integer> alphaBands) throws PixelInputException {
        if (colour instanceof IndexColorModel) {
            return new PageFormat(new int[] {0, 1, 2}, 8, false, true);
        }
        int bits = samples.getSampleSize(0);
        for (int band = 1; band < samples.getNumBands(); band++) {
            if (samples.getSampleSize(band) != bits) {
                throw new PixelInputException(file + " stores its bands with different bit depths (" + bits + " and "
                        + samples.getSampleSize(band) + " bits); save every band with the same depth");
            }
        }
        boolean floating = switch (samples.getDataType()) {
            case DataBuffer.TYPE_BYTE, DataBuffer.TYPE_USHORT -> false;
            case DataBuffer.TYPE_INT -> {
                if (bits > 16) {
                    throw unsupported(file, bits + "-bit integer");
                }
                yield false; // packed pixels (e.g. a BMP's 8-bit RGB in an int)
            }
            case DataBuffer.TYPE_FLOAT -> true;
            case DataBuffer.TYPE_SHORT -> throw unsupported(file, "signed 16-bit integer");
            case DataBuffer.TYPE_DOUBLE -> throw unsupported(file, "64-bit float");
            default -> throw unsupported(file, "data type " + samples.getDataType());
        };
        int[] kept = IntStream.range(0, samples.getNumBands()).filter(b -> !alphaBands.contains(b)).toArray();
        if (kept.length == 0) {
            throw new PixelInputException(file + " holds only an alpha (opacity) band and no image");
        }
        return new PageFormat(kept, floating ? 32 : bits, floating, false);
    }

    /**
     * @param height the page's height
     * @param width the page's width
     * @return the header of an image made of this page alone
     */
    PixelHeader header(int height, int width) {
        return new PixelHeader(bands.length, height, width, bitDepth, floating);
    }

    private static PixelInputException unsupported(Path file, String what) {
        return new PixelInputException(file + " holds " + what + " samples; supported are unsigned integers of up to 16 bits"
                + " and 32-bit floats: convert the file to one of them");
    }
}
