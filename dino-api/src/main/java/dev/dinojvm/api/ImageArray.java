package dev.dinojvm.api;

/**
 * A float image in planar channel-height-width order: {@code pixels[c * height * width + y * width + x]}.
 *
 * <p>Decoded input images have 1 (grey) or 3 (RGB) channels with values in [0, 1]. Views produced by
 * an {@link Augmentation} have 3 channels and are already normalised (ImageNet mean and std).
 *
 * @param channels number of channels, 1 or 3
 * @param height height in pixels
 * @param width width in pixels
 * @param pixels {@code channels * height * width} values
 */
public record ImageArray(int channels, int height, int width, float[] pixels) {

    /** Validates the dimensions against the pixel count. */
    public ImageArray {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image dimensions must be positive: " + channels + "x" + height + "x" + width);
        }
        if (pixels.length != channels * height * width) {
            throw new IllegalArgumentException("expected " + channels * height * width + " pixels, got " + pixels.length);
        }
    }
}
