package dev.dinojvm.engine.eval;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.dinojvm.api.ImageArray;

/**
 * The evaluation preprocessing of the official {@code eval_knn.py}, with the model's image size S in
 * place of 256/224: resize the shorter side to S (bicubic), centre-crop S×S, ToTensor, ImageNet
 * normalisation; grey images become 3 equal channels (as PIL's {@code convert('RGB')}).
 *
 * <p>An image already S×S is only normalised (resizing to the same size is the identity). Resizing
 * uses DJL's {@link NDImageUtils#resize} (libtorch's bicubic interpolation, without the antialiasing
 * PIL applies when shrinking), with values clamped to [0, 1] as PIL's 8-bit images are. The crop
 * offsets are torchvision's {@code round((size - S) / 2)} (round half to even), which DJL's {@code
 * centerCrop} (floor) does not match for odd differences, so the crop goes through {@link
 * NDImageUtils#crop}. Normalisation is plain Java: it writes straight into the batch buffer.
 */
public final class EvalTransform {

    /** ImageNet channel means, as torchvision's Normalize in the reference. */
    static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    /** ImageNet channel standard deviations. */
    static final float[] STD = {0.229f, 0.224f, 0.225f};

    private final int size;

    /** @param size the side S of the model's square input */
    public EvalTransform(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + size);
        }
        this.size = size;
    }

    /** @return the side S of the output */
    public int size() {
        return size;
    }

    /**
     * Preprocesses one image into {@code out[offset .. offset + 3·S·S)}, planar RGB, normalised.
     *
     * @param image 1 or 3 channels in [0, 1]
     * @param manager where temporary arrays of a resize live (closed by the caller); unused for S×S images
     * @param out the batch buffer
     * @param offset where this image starts in {@code out}
     */
    public void apply(ImageArray image, NDManager manager, float[] out, int offset) {
        ImageArray square = image.height() == size && image.width() == size ? image : resizeAndCrop(image, manager);
        int plane = size * size;
        float[] pixels = square.pixels();
        for (int c = 0; c < 3; c++) {
            int from = square.channels() == 1 ? 0 : c * plane;
            for (int i = 0; i < plane; i++) {
                out[offset + c * plane + i] = (pixels[from + i] - MEAN[c]) / STD[c];
            }
        }
    }

    /**
     * @param image 1 or 3 channels in [0, 1]
     * @param manager for the temporary arrays
     * @return a new {@code 3·S·S} array
     */
    public float[] apply(ImageArray image, NDManager manager) {
        float[] out = new float[3 * size * size];
        apply(image, manager, out, 0);
        return out;
    }

    private ImageArray resizeAndCrop(ImageArray image, NDManager manager) {
        int h = image.height();
        int w = image.width();
        int c = image.channels();
        // torchvision Resize(int): the shorter side becomes S, the longer int(S · long / short).
        int newH = h <= w ? size : (int) ((long) size * h / w);
        int newW = h <= w ? (int) ((long) size * w / h) : size;
        try (NDManager scope = manager.newSubManager()) {
            NDArray hwc = scope.create(image.pixels(), new Shape(c, h, w)).transpose(1, 2, 0);
            NDArray resized = NDImageUtils.resize(hwc, newW, newH, Image.Interpolation.BICUBIC).clip(0f, 1f);
            int top = (int) Math.rint((newH - size) / 2.0);
            int left = (int) Math.rint((newW - size) / 2.0);
            NDArray cropped = NDImageUtils.crop(resized, left, top, size, size);
            float[] planar = cropped.transpose(2, 0, 1).toFloatArray();
            return new ImageArray(c, size, size, planar);
        }
    }
}
