package dev.dinojvm.plugins.head;

import dev.dinojvm.api.ComponentConfig;

/**
 * The settings of a DINO head, as the arguments of the reference {@code DINOHead}.
 *
 * @param outDim K, the output dimension (65536 in the paper)
 * @param hiddenDim width of the hidden layers of the MLP
 * @param bottleneckDim width of the MLP output, the input of the last layer
 * @param layers number of linear layers in the MLP, at least 1
 * @param normLastLayer whether the weight-norm gain of the last layer is fixed at 1
 * @param useBn whether the hidden layers of the MLP have batch norm
 */
record DinoHeadSettings(
        int outDim, int hiddenDim, int bottleneckDim, int layers, boolean normLastLayer, boolean useBn) {

    /** Validates the record. */
    public DinoHeadSettings {
        if (outDim < 1 || hiddenDim < 1 || bottleneckDim < 1 || layers < 1) {
            throw new IllegalArgumentException("dimensions and layers of a DINO head must be positive: " + outDim
                    + ", " + hiddenDim + ", " + bottleneckDim + ", " + layers);
        }
    }

    /**
     * @param config validated settings under {@code dino.head}
     * @return the settings, defaults filled in
     */
    static DinoHeadSettings from(ComponentConfig config) {
        return new DinoHeadSettings(
                config.getInt(DinoHeadFactory.OUT_DIM).orElseThrow(),
                config.getInt(DinoHeadFactory.HIDDEN_DIM).orElseThrow(),
                config.getInt(DinoHeadFactory.BOTTLENECK_DIM).orElseThrow(),
                config.getInt(DinoHeadFactory.LAYERS).orElseThrow(),
                config.getBoolean(DinoHeadFactory.NORM_LAST_LAYER),
                config.getBoolean(DinoHeadFactory.USE_BN));
    }
}
