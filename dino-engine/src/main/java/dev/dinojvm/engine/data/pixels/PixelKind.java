package dev.dinojvm.engine.data.pixels;

/**
 * What the images of a data set are as training sees them: 8-bit RGB (colour or grey images of at most
 * 8 bits, trained as three colour channels, as the official DINO code trains them), or images whose
 * channels and depth are kept as they are (16-bit, float, or a channel count other than 1 and 3).
 *
 * @param channels the channels a model of this data takes: 3 for RGB, otherwise the files' channel count
 * @param bitDepth bits per stored sample: 8 for RGB, 1 to 16 for other integers, 32 for floats
 * @param floating whether the samples are floats
 */
public record PixelKind(int channels, int bitDepth, boolean floating) {

    /** 8-bit RGB, grey images included (their one channel is repeated). */
    public static final PixelKind RGB8 = new PixelKind(3, 8, false);

    /**
     * @param header one file's channels and sample format
     * @return {@link #RGB8} for an integer image of at most 8 bits with 1 or 3 channels, else its own kind
     */
    public static PixelKind of(PixelHeader header) {
        if (!header.floating() && header.bitDepth() <= 8 && (header.channels() == 1 || header.channels() == 3)) {
            return RGB8;
        }
        return new PixelKind(header.channels(), header.bitDepth(), header.floating());
    }

    /** @return whether this is {@link #RGB8}: the DINO colour augmentations and ImageNet normalisation apply */
    public boolean isRgb8() {
        return equals(RGB8);
    }

    /** @return e.g. {@code 8-bit RGB or grey} or {@code 4 channels, 16-bit} */
    public String text() {
        if (isRgb8()) {
            return "8-bit RGB or grey";
        }
        return channels + (channels == 1 ? " channel, " : " channels, ") + bitDepth + "-bit" + (floating ? " float" : "");
    }
}
