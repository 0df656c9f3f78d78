package dev.dinojvm.engine.eval;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.dinojvm.api.ImageArray;
import dev.dinojvm.engine.data.DataException;
import dev.dinojvm.plugins.multicrop.ViewStandardization;

/**
 * The evaluation preprocessing of the official {@code eval_knn.py} and {@code eval_linear.py}: resize
 * the shorter side (bicubic), centre-crop S×S, ToTensor, normalisation (ImageNet's for 8-bit RGB, else the
 * run's own per-channel statistics, {@link InputNormalisation}); for RGB, grey images become 3 equal
 * channels (as PIL's {@code convert('RGB')}), other images keep their channels. k-NN, embeddings and attention maps resize to the
 * model's image size S itself; the linear probe resizes to S·256/224 first, as the reference's 256/224.
 *
 * <p>An image already at the resize size is not resized (resizing to the same size is the identity). Resizing
 * uses DJL's {@link NDImageUtils#resize} (libtorch's bicubic interpolation, without the antialiasing
 * PIL applies when shrinking), with values clamped to [0, 1] as PIL's 8-bit images are. The crop
 * offsets are torchvision's {@code round((size - S) / 2)} (round half to even), which DJL's {@code
 * centerCrop} (floor) does not match for odd differences, so the crop goes through {@link
 * NDImageUtils#crop}. Normalisation is plain Java: it writes straight into the batch buffer.
 */
public final class EvalTransform {

    /** ImageNet channel means, as torchvision's Normalize in the reference. */
    public static final float[] MEAN = InputNormalisation.IMAGENET_MEAN.clone();
    /** ImageNet channel standard deviations. */
    public static final float[] STD = InputNormalisation.IMAGENET_STD.clone();

    private final int resizeTo;
    private final int size;
    private final InputNormalisation normalisation;

    /** @param size the side S of the model's square input, also the side the shorter side is resized to */
    public EvalTransform(int size) {
        this(size, InputNormalisation.IMAGENET_RGB);
    }

    /**
     * @param size the side S of the model's square input, also the side the shorter side is resized to
     * @param normalisation the normalisation of the model's training
     */
    public EvalTransform(int size, InputNormalisation normalisation) {
        this(size, size, normalisation);
    }

    private EvalTransform(int resizeTo, int size, InputNormalisation normalisation) {
        if (size <= 0 || resizeTo < size) {
            throw new IllegalArgumentException("cannot crop " + size + " px from an image resized to " + resizeTo + " px");
        }
        this.resizeTo = resizeTo;
        this.size = size;
        this.normalisation = normalisation;
    }

    /**
     * @param size the side S of the model's square input
     * @param normalisation the normalisation of the model's training
     * @return the linear probe's preprocessing: resize to {@code S·256/224} (256 for 224), then crop S
     */
    public static EvalTransform linearProbe(int size, InputNormalisation normalisation) {
        return new EvalTransform((int) Math.round(size * 256.0 / 224.0), size, normalisation);
    }

    /** @return C, the channels of the output: 3 for RGB, else the normalisation's */
    public int channels() {
        return normalisation.channels();
    }

    /** @return the side S of the output */
    public int size() {
        return size;
    }

    /**
     * Preprocesses one image into {@code out[offset .. offset + C·S·S)}, planar, normalised (or standardised, when the run's views were).
     *
     * @param image 1 or 3 channels in [0, 1] for RGB, else C
     * @param manager where temporary arrays of a resize live (closed by the caller); unused for S×S images
     * @param out the batch buffer
     * @param offset where this image starts in {@code out}
     */
    public void apply(ImageArray image, NDManager manager, float[] out, int offset) {
        ImageArray square = crop(image, manager);
        int plane = size * size;
        float[] pixels = square.pixels();
        float[] mean = normalisation.mean();
        float[] std = normalisation.std();
        int channels = normalisation.channels();
        boolean fits = normalisation.rgb() ? square.channels() == 1 || square.channels() == 3 : square.channels() == channels;
        if (!fits) {
            throw new DataException("the model was trained on " + (normalisation.rgb() ? "8-bit RGB or grey images" : "images of "
                    + channels + " channels") + " but is given images of " + square.channels() + (square.channels() == 1 ? " channel" : " channels") + ": give it images of the kind it was"
                    + " trained on");
        }
        for (int c = 0; c < channels; c++) {
            int from = square.channels() == 1 ? 0 : c * plane;
            for (int i = 0; i < plane; i++) {
                out[offset + c * plane + i] = normalisation.standardize() ? pixels[from + i] : (pixels[from + i] - mean[c]) / std[c];
            }
        }
        if (normalisation.standardize()) {
            ViewStandardization.apply(out, offset, channels, plane);
        }
    }

    /**
     * @param image 1 or 3 channels in [0, 1] for RGB, else C
     * @param manager for the temporary arrays
     * @return a new {@code C·S·S} array
     */
    public float[] apply(ImageArray image, NDManager manager) {
        float[] out = new float[channels() * size * size];
        apply(image, manager, out, 0);
        return out;
    }

    /**
     * Resizes and centre-crops without normalising (e.g. to draw over).
     *
     * @param image 1 or 3 channels in [0, 1]
     * @param manager where temporary arrays of a resize live (closed by the caller)
     * @return S×S with the image's channels, values in [0, 1]
     */
    public ImageArray crop(ImageArray image, NDManager manager) {
        int h = image.height();
        int w = image.width();
        int c = image.channels();
        // torchvision Resize(int): the shorter side becomes resizeTo, the longer int(resizeTo · long / short).
        int newH = h <= w ? resizeTo : (int) ((long) resizeTo * h / w);
        int newW = h <= w ? (int) ((long) resizeTo * w / h) : resizeTo;
        if (newH == size && newW == size && h == size && w == size) {
            return image;
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray hwc = scope.create(image.pixels(), new Shape(c, h, w)).transpose(1, 2, 0);
            NDArray resized = newH == h && newW == w ? hwc
                    : NDImageUtils.resize(hwc, newW, newH, Image.Interpolation.BICUBIC).clip(0f, 1f);
            int top = (int) Math.rint((newH - size) / 2.0);
            int left = (int) Math.rint((newW - size) / 2.0);
            NDArray cropped = NDImageUtils.crop(resized, left, top, size, size);
            float[] planar = cropped.transpose(2, 0, 1).toFloatArray();
            return new ImageArray(c, size, size, planar);
        }
    }
}
