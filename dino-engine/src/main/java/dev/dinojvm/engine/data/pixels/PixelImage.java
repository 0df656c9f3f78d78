package dev.dinojvm.engine.data.pixels;

import dev.dinojvm.api.ImageArray;

/**
 * A decoded image with every channel and its full depth: planar channel-height-width values, {@code
 * pixels[c * height * width + y * width + x]}, stored integers divided by {@link PixelHeader#fullScale()}
 * (so in [0, 1]), floats as stored.
 *
 * @param header channels, size and the sample format of the file it came from
 * @param pixels {@code channels * height * width} values
 */
public record PixelImage(PixelHeader header, float[] pixels) {

    /** Checks the pixel count against the header. */
    public PixelImage {
        long expected = (long) header.channels() * header.height() * header.width();
        if (pixels.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " pixels, got " + pixels.length);
        }
    }

    /** @return the number of channels */
    public int channels() {
        return header.channels();
    }

    /** @return height in pixels */
    public int height() {
        return header.height();
    }

    /** @return width in pixels */
    public int width() {
        return header.width();
    }

    /** @return the same pixels as the SPI's image type (which keeps no sample format) */
    public ImageArray toImageArray() {
        return new ImageArray(channels(), height(), width(), pixels);
    }
}
