package dev.dinojvm.api;

/**
 * An 8-bit image in planar channel-height-width order: {@code samples[c * height * width + y * width + x]},
 * each sample {@code s} (read unsigned, {@code s & 0xff}) standing for the value {@code s / 255}.
 *
 * <p>The engine hands an {@link Augmentation} images in this form when they were stored as 8-bit samples
 * (JPEG, 8-bit PNG, BMP and GIF files, and prepared pixels), so that an augmentation can read only the
 * samples it needs instead of converting the whole image to floats first. Since SPI 1.5.
 *
 * @param channels number of channels, 1 (grey) or 3 (RGB)
 * @param height height in pixels
 * @param width width in pixels
 * @param samples {@code channels * height * width} samples
 */
public record ImageBytes(int channels, int height, int width, byte[] samples) {

    /** Validates the dimensions against the sample count. */
    public ImageBytes {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image dimensions must be positive: " + channels + "x" + height + "x" + width);
        }
        if (samples.length != (long) channels * height * width) {
            throw new IllegalArgumentException("expected " + (long) channels * height * width + " samples, got " + samples.length);
        }
    }

    /** @return the same image as floats, each sample divided by 255 ({@code (s & 0xff) / 255f}) */
    public ImageArray toImageArray() {
        float[] values = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            values[i] = (samples[i] & 0xff) / 255f;
        }
        return new ImageArray(channels, height, width, values);
    }
}
