package dev.dinojvm.engine.data.pixels;

/** Which axis of a 3-dimensional {@code .npy} image array holds the channels. */
public enum NpyLayout {
    /**
     * The shorter of the first and the last axes holds the channels; when they are equal, the last (an image
     * is nearly always wider and taller than it has channels; NumPy images from PIL, OpenCV, tifffile and
     * scikit-image are height × width × channels).
     */
    AUTO,
    /** Height × width × channels. */
    HWC,
    /** Channels × height × width (PyTorch's order). */
    CHW;

    /**
     * @param shape a 3-dimensional shape
     * @return whether the channels come first in it under this layout
     */
    boolean channelsFirst(long[] shape) {
        return switch (this) {
            case AUTO -> shape[0] < shape[2];
            case HWC -> false;
            case CHW -> true;
        };
    }
}
