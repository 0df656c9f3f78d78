package dev.dinojvm.plugins.vit;

import dev.dinojvm.api.Backbone;

/**
 * A {@link VisionTransformer} as a DINO backbone: its features are the final CLS tokens.
 *
 * @param block the transformer block
 */
public record VitBackbone(VisionTransformer block) implements Backbone {

    @Override
    public int outputDim() {
        return block.architecture().embedDim();
    }

    @Override
    public int imageSize() {
        return block.architecture().imageSize();
    }
}
