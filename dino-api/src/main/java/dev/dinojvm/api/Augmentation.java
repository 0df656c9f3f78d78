package dev.dinojvm.api;

import java.util.random.RandomGenerator;

/**
 * Turns one image into the views of a multi-crop. Called concurrently from the engine's data threads:
 * implementations must be thread-safe and take all randomness from the generator they are given, so
 * that a run is reproducible from its seed.
 */
public interface Augmentation {

    /** @return how many views of which size {@link #apply} returns */
    CropLayout layout();

    /**
     * @param image a decoded image, 1 or 3 channels, values in [0, 1]
     * @param random the only source of randomness to use
     * @return the views, matching {@link #layout()}
     */
    MultiCropViews apply(ImageArray image, RandomGenerator random);

    /**
     * The views of an image the engine holds as 8-bit samples (since SPI 1.5). Must return what {@link
     * #apply(ImageArray, RandomGenerator)} returns for {@link ImageBytes#toImageArray()} and the same
     * generator; the default does exactly that. Override it to read only the samples the views need.
     *
     * @param image a decoded 8-bit image, 1 or 3 channels
     * @param random the only source of randomness to use
     * @return the views, matching {@link #layout()}
     */
    default MultiCropViews apply(ImageBytes image, RandomGenerator random) {
        return apply(image.toImageArray(), random);
    }
}
