package dev.dinojvm.plugins.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.dinojvm.api.AttentionMaps;
import dev.dinojvm.api.Backbone;
import dev.dinojvm.api.PatchTokens;

/**
 * A {@link VisionTransformer} as a DINO backbone: its features are the final CLS tokens. It also
 * offers the last block's self-attention ({@link AttentionMaps}) and all its tokens ({@link PatchTokens}).
 *
 * @param block the transformer block
 */
public record VitBackbone(VisionTransformer block) implements Backbone, AttentionMaps, PatchTokens {

    @Override
    public int outputDim() {
        return block.architecture().embedDim();
    }

    @Override
    public int imageSize() {
        return block.architecture().imageSize();
    }

    @Override
    public int inputChannels() {
        return block.architecture().inChans();
    }

    @Override
    public NDArray lastSelfAttention(ParameterStore store, NDArray images) {
        return block.lastSelfAttention(store, images);
    }

    @Override
    public NDArray tokens(ParameterStore store, NDArray images) {
        return block.normalizedTokens(store, images);
    }

    @Override
    public int patchSize() {
        return block.architecture().patchSize();
    }
}
