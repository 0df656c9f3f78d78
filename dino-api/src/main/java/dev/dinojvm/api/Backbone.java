package dev.dinojvm.api;

import ai.djl.nn.Block;

/**
 * A feature extractor: its {@link #block()} maps an {@code NDList} holding one batch of images {@code
 * (B, 3, H, W)} to an {@code NDList} holding one feature per image {@code (B, outputDim)}.
 *
 * <p>The block must accept the global and the local crop sizes of a multi-crop (for a ViT: by
 * interpolating its positional embeddings). Its parameter names should be those of the reference
 * implementation the backbone follows, so that weights exported as safetensors load there unchanged.
 */
public interface Backbone {

    /** @return the DJL block; the engine initialises it with input shape {@code (1, 3, imageSize, imageSize)} */
    Block block();

    /** @return the feature dimension D */
    int outputDim();

    /** @return the side of the images the block is built for (e.g. the global crop size) */
    int imageSize();
}
