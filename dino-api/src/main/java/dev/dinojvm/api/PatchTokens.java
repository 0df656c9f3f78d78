package dev.dinojvm.api;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * Optional capability of a {@link Backbone} (since SPI 1.2): every output token, not only the pooled
 * feature, for patch features ({@code dino embed --tokens patch|all}, {@code dino pca}). A backbone
 * offers it by implementing this interface as well; the engine checks with {@code instanceof} and tells
 * the user when the selected backbone does not.
 */
public interface PatchTokens {

    /**
     * @param store where the block's parameter values live
     * @param images a normalised batch {@code (B, 3, H, W)}, H and W multiples of {@link #patchSize()}
     * @return {@code (B, 1 + P, D)}: the CLS token then the P patch tokens in row-major patch order, each
     *     after the final normalisation (row 0 is the backbone's feature), in the manager of {@code images}
     */
    NDArray tokens(ParameterStore store, NDArray images);

    /** @return the side of the square patches in pixels: the patch grid is {@code (H / patchSize, W / patchSize)} */
    int patchSize();
}
