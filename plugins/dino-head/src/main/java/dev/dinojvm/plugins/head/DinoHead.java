package dev.dinojvm.plugins.head;

import ai.djl.nn.Block;
import dev.dinojvm.api.Head;
import java.util.Set;

/** A {@link DinoHeadBlock} seen through the SPI. */
final class DinoHead implements Head {

    private final DinoHeadBlock block;
    private final int outputDim;

    DinoHead(DinoHeadBlock block, int outputDim) {
        this.block = block;
        this.outputDim = outputDim;
    }

    @Override
    public Block block() {
        return block;
    }

    @Override
    public int outputDim() {
        return outputDim;
    }

    @Override
    public Set<String> lastLayerParameters() {
        return Set.of(DinoHeadBlock.LAST_LAYER_G, DinoHeadBlock.LAST_LAYER_V);
    }
}
