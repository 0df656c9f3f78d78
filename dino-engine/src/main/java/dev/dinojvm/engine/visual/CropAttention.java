package dev.dinojvm.engine.visual;

import java.util.Arrays;

/**
 * The CLS token's attention of each head of the last block over the patches of one image crop, as
 * the reference's {@code attentions[0, :, 0, 1:]} reshaped to the patch grid.
 *
 * @param image the crop as the model saw it before normalisation, as shown ({@link ChannelDisplay}): RGB in [0, 1],
 *     planar {@code (3, size, size)}
 * @param size the crop side in pixels
 * @param patchSize the patch side in pixels
 * @param heads per head, the attention of the CLS token over the {@code (size / patchSize)²} patches in row-major order
 */
public record CropAttention(float[] image, int size, int patchSize, float[][] heads) {

    /** Checks that the maps cover the patch grid. */
    public CropAttention {
        int grid = size / patchSize;
        for (float[] head : heads) {
            if (head.length != grid * grid) {
                throw new IllegalArgumentException("expected " + grid * grid + " patches per head, got " + head.length);
            }
        }
    }

    /** @return patches along one side */
    public int grid() {
        return size / patchSize;
    }

    /**
     * The attention at a pixel: the value of the patch holding it, as the reference's nearest upsampling
     * with {@code scale_factor=patch_size}.
     *
     * @param head the head
     * @param y row in pixels
     * @param x column in pixels
     * @return the attention
     */
    public float at(int head, int y, int x) {
        return heads[head][(y / patchSize) * grid() + x / patchSize];
    }

    /**
     * The reference's thresholded mask: the patches holding the top {@code threshold} fraction of the
     * head's attention mass (sorted ascending, kept where the cumulative normalised mass exceeds
     * {@code 1 - threshold}).
     *
     * @param head the head
     * @param threshold e.g. 0.6
     * @return per patch, whether it is kept
     */
    public boolean[] mask(int head, double threshold) {
        float[] values = heads[head];
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(values[a], values[b]));
        double total = 0;
        for (float v : values) {
            total += v;
        }
        boolean[] kept = new boolean[values.length];
        double cumulative = 0;
        for (Integer patch : order) {
            cumulative += values[patch] / total;
            kept[patch] = cumulative > 1 - threshold;
        }
        return kept;
    }
}
