package dev.dinojvm.api;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * Optional capability of a {@link Backbone} (since SPI 1.1): the self-attention of its last block, as
 * the reference's {@code get_last_selfattention}, for attention-map figures ({@code dino attention},
 * the training report). A backbone offers it by implementing this interface as well; the engine checks
 * with {@code instanceof} and tells the user when the selected backbone does not.
 */
public interface AttentionMaps {

    /**
     * @param store where the block's parameter values live
     * @param images a normalised batch {@code (B, 3, H, W)}, H and W multiples of {@link #patchSize()}
     * @return softmax attention probabilities {@code (B, heads, N+1, N+1)} over the CLS token (index 0)
     *     and the N patch tokens in row-major patch order, in the manager of {@code images}
     */
    NDArray lastSelfAttention(ParameterStore store, NDArray images);

    /** @return the side of the square patches in pixels: the patch grid is {@code (H / patchSize, W / patchSize)} */
    int patchSize();
}
