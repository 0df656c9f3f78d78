package dev.dinojvm.plugins.head;

import dev.dinojvm.api.TruncatedNormalInitializer;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference {@code DINOHead}: an MLP, an L2 normalisation and a weight-normalised linear layer
 * without bias, mapping features {@code (B, inputDim)} to {@code (B, outDim)}.
 *
 * <p>Parameters carry the names and shapes of the PyTorch state dict, so that weights move between
 * the two unchanged:
 *
 * <ul>
 *   <li>MLP without batch norm, {@code nn.Sequential(Linear, GELU, Linear, GELU, Linear)}: {@code
 *       mlp.0.weight} {@code (hidden, in)}, {@code mlp.0.bias}, {@code mlp.2.*}, {@code mlp.4.*};
 *   <li>with batch norm, {@code (Linear, BatchNorm1d, GELU)} per hidden layer: {@code mlp.0.*},
 *       {@code mlp.1.weight}, {@code mlp.1.bias}, {@code mlp.1.running_mean}, {@code
 *       mlp.1.running_var}, {@code mlp.3.*}, {@code mlp.4.*}, {@code mlp.6.*};
 *   <li>one layer, a single {@code nn.Linear}: {@code mlp.weight}, {@code mlp.bias};
 *   <li>{@code last_layer.weight_g} {@code (out, 1)} and {@code last_layer.weight_v} {@code (out,
 *       bottleneck)} of {@code nn.utils.weight_norm}.
 * </ul>
 *
 * <p>Every parameter carries its own initializer, as in the reference: MLP weights timm
 * trunc_normal(std 0.02, ±2), biases 0, batch norm 1/0 with running statistics 0/1, {@code weight_g}
 * 1 and {@code weight_v} PyTorch's default U(±1/√bottleneck). Callers should not override them with
 * {@code Block.setInitializer}. With {@code norm-last-layer} the gain is built with {@code
 * requiresGrad(false)}, so it never receives a gradient.
 *
 * <p>BatchNorm's {@code num_batches_tracked} counter is not kept: it only matters to PyTorch when
 * its momentum is {@code None}, and PyTorch fills it in when a state dict lacks it.
 */
final class DinoHeadBlock extends AbstractBlock {

    static final String LAST_LAYER_G = "last_layer.weight_g";
    static final String LAST_LAYER_V = "last_layer.weight_v";

    private static final byte VERSION = 1;
    /** PyTorch BatchNorm1d defaults: momentum 0.1, eps 1e-5. */
    private static final float BN_EPS = 1e-5f;
    /**
     * DJL's batchNorm takes the weight of the old running value and passes {@code 1 - momentum} to
     * PyTorch (PtNDArrayEx.batchNorm), so PyTorch's momentum 0.1 is DJL's 0.9.
     */
    private static final float DJL_BN_MOMENTUM = 0.9f;

    private final int inputDim;
    private final int outputDim;
    private final List<LinearParameters> mlpLinears = new ArrayList<>();
    private final List<BatchNormParameters> mlpNorms = new ArrayList<>();
    private final Parameter weightG;
    private final Parameter weightV;

    private record LinearParameters(Parameter weight, Parameter bias) {}

    private record BatchNormParameters(Parameter weight, Parameter bias, Parameter runningMean, Parameter runningVar) {}

    /**
     * @param settings the head's settings
     * @param inputDim the backbone's feature dimension
     */
    DinoHeadBlock(DinoHeadSettings settings, int inputDim) {
        super(VERSION);
        if (inputDim < 1) {
            throw new IllegalArgumentException("input dimension of the DINO head must be positive, got " + inputDim);
        }
        this.inputDim = inputDim;
        this.outputDim = settings.outDim();
        addMlp(settings, inputDim);
        weightG = addParameter(Parameter.builder()
                .setName(LAST_LAYER_G)
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(settings.outDim(), 1))
                .optInitializer(Initializer.ONES)
                .optRequiresGrad(!settings.normLastLayer())
                .build());
        // PyTorch's default nn.Linear init, kaiming_uniform(a=√5): U(-1/√fan_in, 1/√fan_in).
        weightV = addParameter(Parameter.builder()
                .setName(LAST_LAYER_V)
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(settings.outDim(), settings.bottleneckDim()))
                .optInitializer(new UniformInitializer((float) (1 / Math.sqrt(settings.bottleneckDim()))))
                .build());
    }

    private void addMlp(DinoHeadSettings settings, int inputDim) {
        if (settings.layers() == 1) {
            mlpLinears.add(addLinear("mlp", inputDim, settings.bottleneckDim()));
            return;
        }
        // Module indices in the reference nn.Sequential: each hidden layer is Linear[, BatchNorm1d], GELU.
        int modulesPerHiddenLayer = settings.useBn() ? 3 : 2;
        for (int layer = 0; layer < settings.layers(); layer++) {
            int index = layer * modulesPerHiddenLayer;
            boolean last = layer == settings.layers() - 1;
            int in = layer == 0 ? inputDim : settings.hiddenDim();
            int out = last ? settings.bottleneckDim() : settings.hiddenDim();
            mlpLinears.add(addLinear("mlp." + index, in, out));
            if (settings.useBn() && !last) {
                mlpNorms.add(addBatchNorm("mlp." + (index + 1), out));
            }
        }
    }

    private LinearParameters addLinear(String prefix, int in, int out) {
        Parameter weight = addParameter(Parameter.builder()
                .setName(prefix + ".weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in))
                .optInitializer(TruncatedNormalInitializer.DINO)
                .build());
        Parameter bias = addParameter(Parameter.builder()
                .setName(prefix + ".bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(out))
                .optInitializer(Initializer.ZEROS)
                .build());
        return new LinearParameters(weight, bias);
    }

    private BatchNormParameters addBatchNorm(String prefix, int channels) {
        Shape shape = new Shape(channels);
        Parameter weight = addParameter(Parameter.builder()
                .setName(prefix + ".weight").setType(Parameter.Type.GAMMA).optShape(shape)
                .optInitializer(Initializer.ONES).build());
        Parameter bias = addParameter(Parameter.builder()
                .setName(prefix + ".bias").setType(Parameter.Type.BETA).optShape(shape)
                .optInitializer(Initializer.ZEROS).build());
        Parameter runningMean = addParameter(Parameter.builder()
                .setName(prefix + ".running_mean").setType(Parameter.Type.RUNNING_MEAN).optShape(shape)
                .optInitializer(Initializer.ZEROS).optRequiresGrad(false).build());
        Parameter runningVar = addParameter(Parameter.builder()
                .setName(prefix + ".running_var").setType(Parameter.Type.RUNNING_VAR).optShape(shape)
                .optInitializer(Initializer.ONES).optRequiresGrad(false).build());
        return new BatchNormParameters(weight, bias, runningMean, runningVar);
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        long features = inputShapes[0].getLastDimension();
        if (features != inputDim) {
            throw new IllegalArgumentException(
                    "the DINO head was built for " + inputDim + " input features, got shape " + inputShapes[0]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        return new Shape[] {input.slice(0, input.dimension() - 1).add(outputDim)};
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        Device device = input.getDevice();
        NDArray x = input;
        for (int i = 0; i < mlpLinears.size(); i++) {
            x = replace(x, input, linear(store, device, training, mlpLinears.get(i), x));
            if (i < mlpLinears.size() - 1) {
                if (!mlpNorms.isEmpty()) {
                    x = replace(x, input, batchNorm(store, device, training, mlpNorms.get(i), x));
                }
                x = replace(x, input, Activation.gelu(x)); // torch's gelu, approximate="none": the exact erf form
            }
        }
        NDArray bottleneck = x; // never the input: the MLP has at least one layer
        try (bottleneck;
                NDArray unit = bottleneck.normalize(2, -1, 1e-12); // F.normalize: x / max(‖x‖, 1e-12)
                NDArray weight = lastLayerWeight(store, device, training)) {
            return new NDList(Linear.linear(unit, weight).singletonOrThrow());
        }
    }

    private static NDArray linear(
            ParameterStore store, Device device, boolean training, LinearParameters linear, NDArray x) {
        NDArray weight = store.getValue(linear.weight(), device, training);
        NDArray bias = store.getValue(linear.bias(), device, training);
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }

    private static NDArray batchNorm(
            ParameterStore store, Device device, boolean training, BatchNormParameters bn, NDArray x) {
        // Axis -1 is the channel axis of (B, C) and takes DJL's direct path to torch's batch_norm.
        return BatchNorm.batchNorm(
                        x,
                        store.getValue(bn.runningMean(), device, training),
                        store.getValue(bn.runningVar(), device, training),
                        store.getValue(bn.weight(), device, training),
                        store.getValue(bn.bias(), device, training),
                        -1,
                        DJL_BN_MOMENTUM,
                        BN_EPS,
                        training)
                .singletonOrThrow();
    }

    /** weight = g · v / ‖v‖, the norm taken over each output row, as torch's weight_norm with dim 0. */
    private NDArray lastLayerWeight(ParameterStore store, Device device, boolean training) {
        NDArray g = store.getValue(weightG, device, training);
        NDArray v = store.getValue(weightV, device, training);
        try (NDArray rowNorms = v.norm(new int[] {1}, true);
                NDArray scale = g.div(rowNorms)) {
            return v.mul(scale);
        }
    }

    /**
     * Closes an intermediate result once the next one is computed (autograd keeps its own references
     * to what backward needs); never closes the caller's input.
     */
    private static NDArray replace(NDArray previous, NDArray input, NDArray next) {
        if (previous != input) {
            previous.close();
        }
        return next;
    }
}
