package dev.dinojvm.plugins.vit;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import dev.dinojvm.api.AutogradOperands;
import java.util.List;

/**
 * The parameters and computation of one pre-norm transformer block {@code blocks.<i>} of the
 * reference: {@code x + drop_path(attn(norm1(x)))}, then {@code x + drop_path(mlp(norm2(x)))}.
 *
 * <p>Not a DJL block: {@link VisionTransformer} registers these parameters directly, so they carry
 * the reference's names without DJL's child-block prefixes.
 */
final class EncoderLayer {

    /** The reference's {@code partial(nn.LayerNorm, eps=1e-6)}. */
    static final float LAYER_NORM_EPS = 1e-6f;

    private final int embedDim;
    private final int heads;
    private final int headDim;
    private final float attentionScale;
    private final double dropPathRate;

    private final Parameter norm1Weight;
    private final Parameter norm1Bias;
    private final Parameter qkvWeight;
    private final Parameter qkvBias;
    private final Parameter projWeight;
    private final Parameter projBias;
    private final Parameter norm2Weight;
    private final Parameter norm2Bias;
    private final Parameter fc1Weight;
    private final Parameter fc1Bias;
    private final Parameter fc2Weight;
    private final Parameter fc2Bias;

    EncoderLayer(VitArchitecture architecture, int index) {
        embedDim = architecture.embedDim();
        heads = architecture.heads();
        headDim = architecture.headDim();
        attentionScale = (float) Math.pow(headDim, -0.5);
        dropPathRate = architecture.dropPathRate(index);
        int hidden = architecture.mlpHiddenDim();
        String prefix = "blocks." + index + ".";
        norm1Weight = VitParameters.normWeight(prefix + "norm1.weight", embedDim);
        norm1Bias = VitParameters.normBias(prefix + "norm1.bias", embedDim);
        qkvWeight = VitParameters.linearWeight(prefix + "attn.qkv.weight", 3 * embedDim, embedDim);
        qkvBias = VitParameters.linearBias(prefix + "attn.qkv.bias", 3 * embedDim);
        projWeight = VitParameters.linearWeight(prefix + "attn.proj.weight", embedDim, embedDim);
        projBias = VitParameters.linearBias(prefix + "attn.proj.bias", embedDim);
        norm2Weight = VitParameters.normWeight(prefix + "norm2.weight", embedDim);
        norm2Bias = VitParameters.normBias(prefix + "norm2.bias", embedDim);
        fc1Weight = VitParameters.linearWeight(prefix + "mlp.fc1.weight", hidden, embedDim);
        fc1Bias = VitParameters.linearBias(prefix + "mlp.fc1.bias", hidden);
        fc2Weight = VitParameters.linearWeight(prefix + "mlp.fc2.weight", embedDim, hidden);
        fc2Bias = VitParameters.linearBias(prefix + "mlp.fc2.bias", embedDim);
    }

    /** @return the parameters in the reference's state-dict order */
    List<Parameter> parameters() {
        return List.of(norm1Weight, norm1Bias, qkvWeight, qkvBias, projWeight, projBias,
                norm2Weight, norm2Bias, fc1Weight, fc1Bias, fc2Weight, fc2Bias);
    }

    /** @return the stochastic depth rate of this block (0 when built without drop path) */
    double dropPathRate() {
        return dropPathRate;
    }

    /**
     * @param store where the parameter values live
     * @param x tokens (B, N, D)
     * @param training whether stochastic depth is on
     * @return the block's output (B, N, D), in the manager of {@code x}; intermediates are freed
     */
    NDArray forward(ParameterStore store, NDArray x, boolean training) {
        Device device = x.getDevice();
        try (NDManager scope = x.getManager().newSubManager()) {
            // Every op's result joins the manager of its first operand: moving the first array of
            // each branch into the scope makes the whole branch close with it.
            NDArray normed1 = into(scope, layerNorm(store, device, x, norm1Weight, norm1Bias, training));
            NDArray attended = attention(store, device, normed1, training, false).head();
            NDArray afterAttention = x.add(DropPath.apply(attended, dropPathRate, training));
            NDArray normed2 = into(scope, layerNorm(store, device, afterAttention, norm2Weight, norm2Bias, training));
            NDArray output = afterAttention.add(DropPath.apply(mlp(store, device, normed2, training), dropPathRate, training));
            into(scope, afterAttention);
            return output;
        }
    }

    /**
     * The self-attention probabilities of this block for the given input tokens.
     *
     * @param store where the parameter values live
     * @param x tokens (B, N, D)
     * @return softmax attention (B, heads, N, N), in the manager of {@code x}
     */
    NDArray attentionProbabilities(ParameterStore store, NDArray x) {
        Device device = x.getDevice();
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray normed1 = into(scope, layerNorm(store, device, x, norm1Weight, norm1Bias, false));
            NDArray probabilities = attention(store, device, normed1, false, true).get(1);
            probabilities.attach(x.getManager());
            return probabilities;
        }
    }

    /**
     * Multi-head self-attention with its output projection, as the reference's {@code Attention}.
     *
     * @return the projected output (B, N, D), followed by the attention probabilities (B, heads, N, N)
     *     when asked for
     */
    private NDList attention(ParameterStore store, Device device, NDArray x, boolean training, boolean withProbabilities) {
        long batch = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        NDArray qkv = linear(store, device, x, qkvWeight, qkvBias, training)
                .reshape(batch, tokens, 3, heads, headDim)
                .transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0);
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        NDArray scale = AutogradOperands.scalar(x.getManager(), attentionScale); // not mul(float): see AutogradOperands
        NDArray probabilities = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).softmax(-1);
        NDArray merged = probabilities.matMul(v).transpose(0, 2, 1, 3).reshape(batch, tokens, embedDim);
        NDArray output = linear(store, device, merged, projWeight, projBias, training);
        return withProbabilities ? new NDList(output, probabilities) : new NDList(output);
    }

    /** fc1, GELU, fc2; DJL's gelu is torch's default exact erf form, as nn.GELU() in the reference. */
    private NDArray mlp(ParameterStore store, Device device, NDArray x, boolean training) {
        NDArray hidden = Activation.gelu(linear(store, device, x, fc1Weight, fc1Bias, training));
        return linear(store, device, hidden, fc2Weight, fc2Bias, training);
    }

    /** {@code x · weightᵀ + bias}, torch's fused {@code linear}. */
    private static NDArray linear(ParameterStore store, Device device, NDArray x, Parameter weight, Parameter bias, boolean training) {
        return Linear.linear(x, store.getValue(weight, device, training), store.getValue(bias, device, training)).singletonOrThrow();
    }

    /** The reference's LayerNorm(eps=1e-6) over the last axis. */
    static NDArray layerNorm(ParameterStore store, Device device, NDArray x, Parameter weight, Parameter bias, boolean training) {
        return LayerNorm.layerNorm(x, new Shape(x.getShape().tail()), store.getValue(weight, device, training),
                        store.getValue(bias, device, training), LAYER_NORM_EPS)
                .singletonOrThrow();
    }

    /** Moves {@code array} into {@code manager} and returns it. */
    static NDArray into(NDManager manager, NDArray array) {
        array.attach(manager);
        return array;
    }
}
