package dev.dinojvm.plugins.head;

import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ConfigKey;
import dev.dinojvm.api.Head;
import dev.dinojvm.api.HeadFactory;
import dev.dinojvm.api.ValueRange;
import java.util.List;

/** Creates the projection head of DINO ({@code DINOHead} in the reference vision_transformer.py). */
public final class DinoHeadFactory implements HeadFactory {

    static final String OUT_DIM = "out-dim";
    static final String HIDDEN_DIM = "hidden-dim";
    static final String BOTTLENECK_DIM = "bottleneck-dim";
    static final String LAYERS = "layers";
    static final String NORM_LAST_LAYER = "norm-last-layer";
    static final String USE_BN = "use-bn";

    private static final ValueRange POSITIVE = ValueRange.atLeast(1);

    private static final List<ConfigKey> KEYS = List.of(
            ConfigKey.integer(OUT_DIM, 65536, "Output dimension K of the head, the number of DINO prototypes.").within(POSITIVE),
            ConfigKey.integer(HIDDEN_DIM, 2048, "Width of the hidden layers of the MLP.").within(POSITIVE),
            ConfigKey.integer(BOTTLENECK_DIM, 256, "Width of the MLP output, which is L2-normalised before the last layer.")
                    .within(POSITIVE),
            ConfigKey.integer(LAYERS, 3, "Number of linear layers in the MLP.").within(POSITIVE),
            ConfigKey.bool(NORM_LAST_LAYER, true, "Fix the weight-norm gain of the last layer at 1 instead of training it."),
            ConfigKey.bool(USE_BN, false, "Add batch norm after each hidden linear layer of the MLP."));

    @Override
    public String name() {
        return "dino-head";
    }

    @Override
    public String description() {
        return "DINO projection head: MLP, L2-normalised bottleneck and a weight-normalised last layer.";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return KEYS;
    }

    @Override
    public Head create(ComponentConfig config, int inputDim) {
        DinoHeadSettings settings = DinoHeadSettings.from(config);
        return new DinoHead(new DinoHeadBlock(settings, inputDim), settings.outDim());
    }
}
