package dev.dinojvm.engine.data;

import dev.dinojvm.api.CropLayout;

/**
 * One batch of multi-crop views, laid out view-major like the reference's list of crop tensors: all
 * images' view 0, then all images' view 1, and so on. Each view is planar RGB ({@code [3][size][size]}).
 * The arrays are owned by the consumer once delivered (record equality compares them by reference).
 *
 * @param epoch the epoch the batch belongs to
 * @param batchIndex position of the batch in its epoch
 * @param layout how many global and local views, and their sizes
 * @param batchSize images in the batch (B)
 * @param globalViews {@code [globalCrops][B][3][G][G]}, see {@link #globalOffset}
 * @param localViews {@code [localCrops][B][3][L][L]}, see {@link #localOffset}; empty when there are no local crops
 * @param indices source index of each image in the batch
 * @param labels label of each image, -1 when the source is unlabeled
 * @param masks iBOT's masks of the global views, in the views' order ({@code [globalCrops·B][patches]}, {@code true}
 *     at a masked patch), or {@code null} when the run does not mask
 */
public record CropBatch(
        int epoch,
        int batchIndex,
        CropLayout layout,
        int batchSize,
        float[] globalViews,
        float[] localViews,
        int[] indices,
        int[] labels,
        boolean[][] masks) {

    /** A batch without masks. */
    public CropBatch(int epoch, int batchIndex, CropLayout layout, int batchSize, float[] globalViews, float[] localViews, int[] indices,
            int[] labels) {
        this(epoch, batchIndex, layout, batchSize, globalViews, localViews, indices, labels, null);
    }

    /**
     * @param globalViewMasks a mask per global view, in the views' order
     * @return this batch with iBOT's masks
     */
    public CropBatch withMasks(boolean[][] globalViewMasks) {
        return new CropBatch(epoch, batchIndex, layout, batchSize, globalViews, localViews, indices, labels, globalViewMasks);
    }

    /**
     * @return a batch of zeros and the right sizes, for the data loader to fill in place before
     *     delivering it
     */
    static CropBatch allocate(int epoch, int batchIndex, CropLayout layout, int batchSize) {
        return new CropBatch(epoch, batchIndex, layout, batchSize,
                new float[layout.globalCrops() * batchSize * viewLength(layout.globalSize())],
                new float[layout.localCrops() * batchSize * viewLength(layout.localSize())],
                new int[batchSize], new int[batchSize]);
    }

    /** @return floats in one global view: 3·G·G */
    public int globalViewLength() {
        return viewLength(layout.globalSize());
    }

    /** @return floats in one local view: 3·L·L */
    public int localViewLength() {
        return viewLength(layout.localSize());
    }

    private static int viewLength(int size) {
        return 3 * size * size;
    }

    /** @return where global view {@code view} of image {@code image} starts in {@link #globalViews} */
    public int globalOffset(int view, int image) {
        return (view * batchSize + image) * globalViewLength();
    }

    /** @return where local view {@code view} of image {@code image} starts in {@link #localViews} */
    public int localOffset(int view, int image) {
        return (view * batchSize + image) * localViewLength();
    }
}
