package dev.dinojvm.engine.visual;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.dinojvm.api.ImageArray;

/**
 * The reference's evaluation preprocessing: {@code Resize(shorter side)} bicubic, {@code CenterCrop},
 * {@code ToTensor}, ImageNet {@code Normalize}. Grey images are repeated to 3 channels.
 *
 * <p>Public only so that the linear probe can share it; the k-NN evaluation has its own, and the two
 * should become one class.
 */
public final class EvaluationImages {

    /** ImageNet channel means, as the reference's {@code Normalize}. */
    static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    /** ImageNet channel standard deviations. */
    static final float[] STD = {0.229f, 0.224f, 0.225f};

    private EvaluationImages() {}

    /**
     * The side the reference resizes to before cropping: 256 for 224 crops, the same ratio otherwise.
     *
     * @param size the crop side
     * @return {@code size * 256 / 224}, rounded
     */
    public static int referenceResize(int size) {
        return (int) Math.round(size * 256.0 / 224.0);
    }

    /**
     * Resizes the shorter side to {@code resizeTo} (the longer side as torchvision's {@code int(size * long
     * / short)}) with bicubic interpolation, then crops the centre {@code size × size}.
     *
     * @param manager for temporary arrays (all closed before returning)
     * @param image 1 or 3 channels in [0, 1]
     * @param resizeTo the shorter side after resizing, at least {@code size}
     * @param size the crop side
     * @return RGB in [0, 1], planar {@code (3, size, size)}
     */
    public static float[] resizeAndCrop(NDManager manager, ImageArray image, int resizeTo, int size) {
        if (resizeTo < size) {
            throw new IllegalArgumentException("cannot crop " + size + " px from an image resized to " + resizeTo + " px");
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray chw = scope.create(image.pixels(), new Shape(image.channels(), image.height(), image.width()));
            if (image.channels() == 1) {
                chw = chw.repeat(0, 3);
            }
            NDArray hwc = chw.transpose(1, 2, 0);
            int height = image.height();
            int width = image.width();
            int newHeight = width <= height ? (int) ((long) resizeTo * height / width) : resizeTo;
            int newWidth = width <= height ? resizeTo : (int) ((long) resizeTo * width / height);
            if (newHeight != height || newWidth != width) {
                // Bicubic overshoots: clip back to [0, 1] as PIL's 8-bit result would be.
                hwc = NDImageUtils.resize(hwc, newWidth, newHeight, Image.Interpolation.BICUBIC).clip(0f, 1f);
            }
            // torchvision's CenterCrop rounds the offsets (half to even, as Python's round).
            int top = (int) Math.rint((newHeight - size) / 2.0);
            int left = (int) Math.rint((newWidth - size) / 2.0);
            NDArray crop = hwc.get(new NDIndex("{}:{}, {}:{}, :", top, top + size, left, left + size));
            return crop.transpose(2, 0, 1).toFloatArray();
        }
    }

    /**
     * @param manager where the batch is created
     * @param images RGB crops in [0, 1], each planar {@code (3, size, size)}
     * @param size the crop side
     * @return the normalised batch {@code (B, 3, size, size)}
     */
    public static NDArray normalisedBatch(NDManager manager, float[][] images, int size) {
        int length = 3 * size * size;
        float[] all = new float[images.length * length];
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(images[i], 0, all, i * length, length);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray batch = scope.create(all, new Shape(images.length, 3, size, size));
            NDArray normalised = NDImageUtils.normalize(batch, MEAN, STD);
            normalised.attach(manager);
            return normalised;
        }
    }
}
