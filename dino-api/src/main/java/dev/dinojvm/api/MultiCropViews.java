package dev.dinojvm.api;

import java.util.List;

/**
 * The views of one image: first the global views, then the local ones, in the order of {@link
 * CropLayout}. Every view has 3 channels and is normalised.
 *
 * @param views global views followed by local views
 */
public record MultiCropViews(List<ImageArray> views) {

    /** Copies the list. */
    public MultiCropViews {
        views = List.copyOf(views);
    }
}
