package dev.dinojvm.engine.data;

import dev.dinojvm.api.Augmentation;
import dev.dinojvm.api.ImageArray;
import dev.dinojvm.api.ImageBytes;
import dev.dinojvm.api.MultiCropViews;
import java.util.random.RandomGenerator;

/**
 * One image as its source decoded it: 8-bit samples where the file or the prepared pixels held them, so
 * that the augmentation converts only what its views read, else floats. Exactly one of the two is set.
 *
 * @param bytes the 8-bit samples, or null
 * @param floats the float values, or null
 */
public record SourceImage(ImageBytes bytes, ImageArray floats) {

    /** Checks that exactly one form is given. */
    public SourceImage {
        if ((bytes == null) == (floats == null)) {
            throw new IllegalArgumentException("a source image is either 8-bit samples or floats");
        }
    }

    /** @return an image held as 8-bit samples */
    public static SourceImage of(ImageBytes bytes) {
        return new SourceImage(bytes, null);
    }

    /** @return an image held as floats */
    public static SourceImage of(ImageArray floats) {
        return new SourceImage(null, floats);
    }

    /** @return the image as floats in [0, 1] (8-bit samples divided by 255) */
    public ImageArray toImageArray() {
        return floats != null ? floats : bytes.toImageArray();
    }

    /** @return the views of this image, through the augmentation's method for its form */
    public MultiCropViews augment(Augmentation augmentation, RandomGenerator random) {
        return bytes != null ? augmentation.apply(bytes, random) : augmentation.apply(floats, random);
    }
}
