package dev.dinojvm.engine.data.pixels;

/**
 * What an image file holds, known before its pixels are decoded: the size, the number of channels and
 * how each sample is stored.
 *
 * @param channels the number of channels (bands, or pages read as channels)
 * @param height height in pixels
 * @param width width in pixels
 * @param bitDepth bits per sample as stored: 1 to 16 for unsigned integers, 32 for floats
 * @param floating whether the samples are 32-bit floats
 */
public record PixelHeader(int channels, int height, int width, int bitDepth, boolean floating) {

    /** Checks the dimensions and the sample format. */
    public PixelHeader {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image dimensions must be positive: " + channels + "x" + height + "x" + width);
        }
        if (floating ? bitDepth != 32 : bitDepth < 1 || bitDepth > 16) {
            throw new IllegalArgumentException("unsupported sample format: " + bitDepth + "-bit" + (floating ? " float" : ""));
        }
    }

    /**
     * @return what stored values are divided by to give [0, 1]: {@code 2^bitDepth - 1} for integers, 1 for
     *     floats (taken as they are)
     */
    public float fullScale() {
        return floating ? 1f : (float) ((1 << bitDepth) - 1);
    }

    /** @return the sample format as a user reads it: {@code 16-bit}, {@code 32-bit float} */
    public String sampleText() {
        return bitDepth + "-bit" + (floating ? " float" : "");
    }

    /** @return channels and sample format, e.g. {@code 4 channels, 16-bit} */
    public String kindText() {
        return channels + (channels == 1 ? " channel, " : " channels, ") + sampleText();
    }

    /**
     * @param other another file's header
     * @return whether both have the same channel count and sample format (sizes may differ)
     */
    public boolean sameKind(PixelHeader other) {
        return channels == other.channels && bitDepth == other.bitDepth && floating == other.floating;
    }
}
