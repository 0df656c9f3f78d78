package dev.dinojvm.api;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * Optional capability of a {@link Backbone} (since SPI 1.4): a training forward pass that replaces masked
 * patches by a learned mask token and returns every token, as iBOT's masked image modelling needs (DINOv2's
 * {@code prepare_tokens_with_masks}). A backbone offers it by implementing this interface as well; the
 * engine checks with {@code instanceof} and {@link #hasMaskToken()} before training.
 */
public interface MaskedTokens {

    /** @return whether this model has a learned mask token, so that {@link #tokens} accepts masks */
    boolean hasMaskToken();

    /**
     * @param store where the block's parameter values live
     * @param images a normalised batch {@code (B, 3, H, W)}
     * @param masks {@code (B, P)} with 1 at masked patches and 0 elsewhere, row-major over the patch grid, or
     *     {@code null} for none
     * @param training whether training-only behaviour (stochastic depth) is on
     * @return {@code (B, 1 + P, D)}: the CLS token then the P patch tokens after the final normalisation (row 0
     *     is the backbone's feature), without any register tokens, in the manager of {@code images}
     */
    NDArray tokens(ParameterStore store, NDArray images, NDArray masks, boolean training);

    /** @return the side of the square patches in pixels */
    int patchSize();
}
