package dev.dinojvm.plugins.multicrop;

/**
 * What the input images are and how their views are normalised.
 *
 * @param rgb8 whether the images are 8-bit RGB or grey, which get the official colour steps; otherwise
 *     {@link ChannelViewRecipe}'s steps, defined for any number of channels
 * @param normalisation the per-channel mean and std of the views
 * @param channelDropout probability that a view of a multi-channel image has one random channel set to 0
 *     (its mean) after normalisation; only for non-RGB images
 */
record PixelSettings(boolean rgb8, Normalisation normalisation, double channelDropout) {

    /** 8-bit RGB normalised with ImageNet's statistics: the official DINO augmentation. */
    static final PixelSettings RGB8_IMAGENET = new PixelSettings(true, Normalisation.IMAGENET, 0);
}
