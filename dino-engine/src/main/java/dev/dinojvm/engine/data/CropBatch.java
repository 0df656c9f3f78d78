package dev.dinojvm.engine.data;

import dev.dinojvm.api.CropLayout;

/**
 * One batch of multi-crop views, laid out view-major like the reference's list of crop tensors: all
 * images' view 0, then all images' view 1, and so on. Each view is planar ({@code [C][size][size]}): C is 3
 * for RGB, else the images' channel count.
 * The arrays are owned by the consumer once delivered (record equality compares them by reference).
 *
 * @param epoch the epoch the batch belongs to
 * @param batchIndex position of the batch in its epoch
 * @param layout how many global and local views, and their sizes
 * @param batchSize images in the batch (B)
 * @param globalViews {@code [globalCrops][B][C][G][G]}, see {@link #globalOffset}
 * @param localViews {@code [localCrops][B][C][L][L]}, see {@link #localOffset}; empty when there are no local crops
 * @param indices source index of each image in the batch
 * @param labels label of each image, -1 when the source is unlabeled
 */
public record CropBatch(
        int epoch,
        int batchIndex,
        CropLayout layout,
        int batchSize,
        float[] globalViews,
        float[] localViews,
        int[] indices,
        int[] labels) {

    /**
     * @param channels C of each view
     * @return a batch of zeros and the right sizes, for the data loader to fill in place before
     *     delivering it
     */
    static CropBatch allocate(int epoch, int batchIndex, CropLayout layout, int batchSize, int channels) {
        return new CropBatch(epoch, batchIndex, layout, batchSize,
                new float[layout.globalCrops() * batchSize * channels * layout.globalSize() * layout.globalSize()],
                new float[layout.localCrops() * batchSize * channels * layout.localSize() * layout.localSize()],
                new int[batchSize], new int[batchSize]);
    }

    /** @return C, the channels of each view, from the size of the global views */
    public int channels() {
        return globalViews.length / (layout.globalCrops() * batchSize * layout.globalSize() * layout.globalSize());
    }

    /** @return floats in one global view: C·G·G */
    public int globalViewLength() {
        return channels() * layout.globalSize() * layout.globalSize();
    }

    /** @return floats in one local view: C·L·L */
    public int localViewLength() {
        return channels() * layout.localSize() * layout.localSize();
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
