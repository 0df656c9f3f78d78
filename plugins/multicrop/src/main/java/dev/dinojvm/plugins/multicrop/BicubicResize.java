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
 * when downscaling, so it aliases where Pillow antialiases. The crop's columns are copied out of the
 * source's columns (a copy, not a transpose: see {@link ColumnImage}). Weights are computed once per call and per axis ({@code out × taps} kernel
 * evaluations, negligible next to the {@code lines × out × taps} of a pass), so they are not cached; only the intermediate lines are kept, per data thread.
 *
 * <p>The horizontal pass works on the source's columns (see {@link ResampleWeights#apply} for why), and
 * its result is transposed to rows for the vertical pass.
 */
final class BicubicResize {

    private BicubicResize() {}

    /** {@link #resizeCrop(ColumnImage, CropBox, int)} of a planar image. */
    static float[] resizeCrop(ImageArray image, CropBox box, int size) {
        return resizeCrop(ColumnImage.of(image), box, size);
    }

    /**
     * @param image 1- or 3-channel source; a grey image is replicated to three channels (the reference
     *     loads images with {@code convert('RGB')})
     * @param box the region to resize, inside the image
     * @param size side of the square output
     * @return 3 planes of {@code size × size}
     */
    static float[] resizeCrop(ColumnImage image, CropBox box, int size) {
        ResampleWeights horizontal = ResampleWeights.bicubic(box.width(), size);
        ResampleWeights vertical = ResampleWeights.bicubic(box.height(), size);
        Scratch scratch = Scratch.PER_THREAD.get().fit(box, size);
        float[][] cropColumns = VectorSupport.AVAILABLE ? null : new float[box.width()][box.height()];
        int outPlane = size * size;
        float[] out = new float[3 * outPlane];
        for (int c = 0; c < image.channels(); c++) {
            float[][] columns = image.columns()[c];
            if (VectorSupport.AVAILABLE) {
                // Vector loads need no alignment: the crop is read where it lies in the source's columns.
                VectorKernels.resample(horizontal, columns, box.left(), box.top(), scratch.resizedColumns, box.height());
            } else {
                // The JIT vectorises the scalar loop only when input and output lines are indexed alike.
                for (int x = 0; x < box.width(); x++) {
                    System.arraycopy(columns[box.left() + x], box.top(), cropColumns[x], 0, box.height());
                }
                horizontal.applyScalar(cropColumns, scratch.resizedColumns, box.height());
            }
            Lines.transpose(scratch.resizedColumns, size, scratch.rows, box.height());
            vertical.apply(scratch.rows, scratch.resizedRows, size);
            Lines.writeRows(scratch.resizedRows, size, size, out, c * outPlane);
        }
        if (image.channels() == 1) {
            System.arraycopy(out, 0, out, outPlane, outPlane);
            System.arraycopy(out, 0, out, 2 * outPlane, outPlane);
        }
        return out;
    }

    /**
     * The intermediate lines of one data thread, kept from one view to the next (grown when a crop or a view
     * is larger than any before): allocated for every view, they were about 3 MB of garbage per image at the
     * paper's crops. Only the first lines, and the first elements of each, that a view needs are used. They
     * grow with the crops' height, not their area: 5 MB per thread for crops 3,000 pixels high resized to 224.
     */
    private static final class Scratch {
        static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

        private int maxSize;
        private int maxHeight;
        /** {@code [size][crop height]}: the horizontal pass's output, along columns. */
        float[][] resizedColumns = new float[0][];
        /** {@code [crop height][size]}: the same, along rows. */
        float[][] rows = new float[0][];
        /** {@code [size][size]}: the vertical pass's output. */
        float[][] resizedRows = new float[0][];

        Scratch fit(CropBox box, int size) {
            if (size > maxSize || box.height() > maxHeight) {
                maxSize = Math.max(maxSize, size);
                maxHeight = Math.max(maxHeight, box.height());
                resizedColumns = new float[maxSize][maxHeight];
                rows = new float[maxHeight][maxSize];
                resizedRows = new float[maxSize][maxSize];
            }
            return this;
        }
    }
}
