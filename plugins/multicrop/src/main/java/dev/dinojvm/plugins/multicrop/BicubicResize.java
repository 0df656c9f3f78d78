package dev.dinojvm.plugins.multicrop;

import dev.dinojvm.api.ImageArray;

/**
 * Crop-and-resize with Pillow's bicubic resampling, as torchvision's {@code resized_crop} does on a PIL
 * image ({@code img.crop(box).resize(size, BICUBIC)}): separable, horizontal pass then vertical pass,
 * the crop's edges treated as the image's edges, values clipped to [0, 1] after each pass as Pillow
 * clips to 8 bits.
 *
 * <p>Written by hand rather than with DJL or AWT: DJL's {@code NDImageUtils.resize} goes through the
 * native engine one image at a time and, like AWT's bicubic interpolation, does not widen the kernel
 * when downscaling, so it aliases where Pillow antialiases. Reading the crop straight out of the source
 * also avoids copying the image. Weights are computed once per call and per axis ({@code out × taps}
 * kernel evaluations, negligible next to the {@code rows × out × taps} of the pass itself), so no cache
 * and no shared state is needed.
 */
final class BicubicResize {

    private BicubicResize() {}

    /**
     * @param image 1- or 3-channel source; a grey image is replicated to three channels (the reference
     *     loads images with {@code convert('RGB')})
     * @param box the region to resize, inside the image
     * @param size side of the square output
     * @return 3 planes of {@code size × size}
     */
    static float[] resizeCrop(ImageArray image, CropBox box, int size) {
        ResampleWeights horizontal = ResampleWeights.bicubic(box.width(), size);
        ResampleWeights vertical = ResampleWeights.bicubic(box.height(), size);
        int inPlane = image.height() * image.width();
        int outPlane = size * size;
        float[] out = new float[3 * outPlane];
        float[] rows = new float[box.height() * size];
        for (int c = 0; c < image.channels(); c++) {
            int firstPixel = c * inPlane + box.top() * image.width() + box.left();
            horizontalPass(image.pixels(), firstPixel, image.width(), box.height(), horizontal, rows, size);
            verticalPass(rows, size, vertical, out, c * outPlane);
        }
        if (image.channels() == 1) {
            System.arraycopy(out, 0, out, outPlane, outPlane);
            System.arraycopy(out, 0, out, 2 * outPlane, outPlane);
        }
        return out;
    }

    /** Resamples {@code rowCount} source rows starting at {@code firstPixel} to {@code outWidth} columns. */
    static void horizontalPass(
            float[] source, int firstPixel, int stride, int rowCount, ResampleWeights w, float[] rows, int outWidth) {
        int[] first = w.first();
        int[] count = w.count();
        float[] weights = w.weights();
        int taps = w.taps();
        for (int y = 0; y < rowCount; y++) {
            int rowStart = firstPixel + y * stride;
            int outRow = y * outWidth;
            for (int x = 0; x < outWidth; x++) {
                int src = rowStart + first[x];
                int k0 = x * taps;
                int n = count[x];
                float sum = 0f;
                for (int k = 0; k < n; k++) {
                    sum += source[src + k] * weights[k0 + k];
                }
                rows[outRow + x] = clamp01(sum);
            }
        }
    }

    /** Resamples the rows produced by the horizontal pass to {@code vertical.first().length} rows. */
    static void verticalPass(float[] rows, int width, ResampleWeights w, float[] out, int outOffset) {
        int[] first = w.first();
        int[] count = w.count();
        float[] weights = w.weights();
        int taps = w.taps();
        for (int y = 0; y < first.length; y++) {
            int outRow = outOffset + y * width;
            for (int k = 0; k < count[y]; k++) {
                float weight = weights[y * taps + k];
                int src = (first[y] + k) * width;
                for (int x = 0; x < width; x++) {
                    out[outRow + x] += weight * rows[src + x];
                }
            }
            for (int x = outRow; x < outRow + width; x++) {
                out[x] = clamp01(out[x]);
            }
        }
    }

    static float clamp01(float v) {
        return Math.max(0f, Math.min(1f, v));
    }
}
