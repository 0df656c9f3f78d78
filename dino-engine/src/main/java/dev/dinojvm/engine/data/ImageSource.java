package dev.dinojvm.engine.data;

import dev.dinojvm.api.ImageArray;
import dev.dinojvm.engine.data.pixels.PixelKind;
import java.io.IOException;
import java.util.List;

/**
 * A finite, indexed collection of training images. {@link #load} is called concurrently from the data
 * loader's worker threads, so implementations must be safe to use from several threads at once.
 */
public interface ImageSource {

    /** @return the number of images */
    int size();

    /**
     * Decodes one image.
     *
     * @param index in {@code [0, size())}
     * @return for {@link PixelKind#RGB8} data 1 (grey) or 3 (RGB) channels, otherwise the {@link
     *     #pixelKind()}'s channels; integer values divided by their full scale (in [0, 1]), floats as stored
     * @throws IOException when the image is corrupt or cannot be read; the message names the image
     */
    ImageArray load(int index) throws IOException;

    /**
     * Decodes one image for the augmentation: as {@link #load}, but as 8-bit samples where the image is
     * stored as such, which spares converting the whole image to floats. The default wraps {@link #load}.
     *
     * @param index in {@code [0, size())}
     * @return the image; {@link SourceImage#toImageArray()} equals what {@link #load} returns
     * @throws IOException as {@link #load}
     */
    default SourceImage loadForViews(int index) throws IOException {
        return SourceImage.of(load(index));
    }

    /** @return the class of the image, an index into {@link #classNames()}, or -1 when unlabeled */
    int label(int index);

    /** @return the class names, empty when the source is unlabeled */
    List<String> classNames();

    /** @return what the images are as training sees them; {@link PixelKind#RGB8} unless the source says otherwise */
    default PixelKind pixelKind() {
        return PixelKind.RGB8;
    }

    /** @return where the image comes from, for messages: a file path or e.g. {@code train-images-idx3-ubyte[123]} */
    String describe(int index);
}
