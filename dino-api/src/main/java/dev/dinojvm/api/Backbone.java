package dev.dinojvm.api;

import ai.djl.nn.Block;

/**
 * A feature extractor: its {@link #block()} maps an {@code NDList} holding one batch of images {@code
 * (B, C, H, W)}, C its {@link #inputChannels()}, to an {@code NDList} holding one feature per image {@code (B, outputDim)}.
 *
 * <p>The block must accept the global and the local crop sizes of a multi-crop (for a ViT: by
 * interpolating its positional embeddings). Its parameter names should be those of the reference
 * implementation the backbone follows, so that weights exported as safetensors load there unchanged.
 */
public interface Backbone {

    /** @return the DJL block; the engine initialises it with input shape {@code (1, inputChannels, imageSize, imageSize)} */
    Block block();

    /** @return the feature dimension D */
    int outputDim();

    /** @return the side of the images the block is built for (e.g. the global crop size) */
    int imageSize();

    /** @return the channels of the images the block takes: 3 (RGB) unless the backbone is built for others */
    default int inputChannels() {
        return 3;
    }
}
