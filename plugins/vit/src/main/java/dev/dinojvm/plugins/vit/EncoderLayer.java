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
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters and computation of one pre-norm transformer block {@code blocks.<i>} of the
 * reference: {@code x + drop_path(ls1(attn(norm1(x))))}, then {@code x + drop_path(ls2(mlp(norm2(x))))},
 * where the LayerScales {@code ls1}, {@code ls2} (DINOv2) are per-channel factors, absent in DINO's ViT,
 * and the feed-forward {@code mlp} is DINO's MLP or DINOv2's SwiGLU.
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
    private final VitArchitecture.FeedForward feedForward;

    private final Parameter norm1Weight;
    private final Parameter norm1Bias;
    private final Parameter qkvWeight;
    private final Parameter qkvBias;
    private final Parameter projWeight;
    private final Parameter projBias;
    private final Parameter layerScale1;
    private final Parameter norm2Weight;
    private final Parameter norm2Bias;
    private final Parameter fc1Weight;
    private final Parameter fc1Bias;
    private final Parameter fc2Weight;
    private final Parameter fc2Bias;
    private final Parameter layerScale2;

    EncoderLayer(VitArchitecture architecture, int index) {
        embedDim = architecture.embedDim();
        heads = architecture.heads();
        headDim = architecture.headDim();
        attentionScale = (float) Math.pow(headDim, -0.5);
        dropPathRate = architecture.dropPathRate(index);
        feedForward = architecture.feedForward();
        String prefix = "blocks." + index + ".";
        norm1Weight = VitParameters.normWeight(prefix + "norm1.weight", embedDim);
        norm1Bias = VitParameters.normBias(prefix + "norm1.bias", embedDim);
        qkvWeight = VitParameters.linearWeight(prefix + "attn.qkv.weight", 3 * embedDim, embedDim);
        qkvBias = VitParameters.linearBias(prefix + "attn.qkv.bias", 3 * embedDim);
        projWeight = VitParameters.linearWeight(prefix + "attn.proj.weight", embedDim, embedDim);
        projBias = VitParameters.linearBias(prefix + "attn.proj.bias", embedDim);
        layerScale1 = architecture.layerScale() > 0 ? VitParameters.layerScale(prefix + "ls1.gamma", embedDim, architecture.layerScale()) : null;
        norm2Weight = VitParameters.normWeight(prefix + "norm2.weight", embedDim);
        norm2Bias = VitParameters.normBias(prefix + "norm2.bias", embedDim);
        // DINOv2 names its SwiGLU layers w12 (both halves, fused) and w3; DINO's MLP fc1 and fc2.
        boolean swiglu = feedForward == VitArchitecture.FeedForward.SWIGLU;
        int hidden = swiglu ? architecture.swigluHiddenDim() : architecture.mlpHiddenDim();
        int inner = swiglu ? 2 * hidden : hidden;
        String first = prefix + (swiglu ? "mlp.w12." : "mlp.fc1.");
        String second = prefix + (swiglu ? "mlp.w3." : "mlp.fc2.");
        fc1Weight = VitParameters.linearWeight(first + "weight", inner, embedDim);
        fc1Bias = VitParameters.linearBias(first + "bias", inner);
        fc2Weight = VitParameters.linearWeight(second + "weight", embedDim, hidden);
        fc2Bias = VitParameters.linearBias(second + "bias", embedDim);
        layerScale2 = architecture.layerScale() > 0 ? VitParameters.layerScale(prefix + "ls2.gamma", embedDim, architecture.layerScale()) : null;
    }

    /** @return the parameters in the reference's state-dict order */
    List<Parameter> parameters() {
        List<Parameter> result = new ArrayList<>(List.of(norm1Weight, norm1Bias, qkvWeight, qkvBias, projWeight, projBias));
        if (layerScale1 != null) {
            result.add(layerScale1);
        }
        result.addAll(List.of(norm2Weight, norm2Bias, fc1Weight, fc1Bias, fc2Weight, fc2Bias));
        if (layerScale2 != null) {
            result.add(layerScale2);
        }
        return result;
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
            NDArray attended = scaled(store, device, attention(store, device, normed1, training, false).head(), layerScale1, training);
            NDArray afterAttention = x.add(DropPath.apply(attended, dropPathRate, training));
            NDArray normed2 = into(scope, layerNorm(store, device, afterAttention, norm2Weight, norm2Bias, training));
            NDArray fed = scaled(store, device, feedForward(store, device, normed2, training), layerScale2, training);
            NDArray output = afterAttention.add(DropPath.apply(fed, dropPathRate, training));
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

    /**
     * The MLP (fc1, GELU, fc2; DJL's gelu is torch's default exact erf form, as nn.GELU() in the
     * reference) or SwiGLU ({@code w3(silu(x1) · x2)}, {@code x1, x2} the halves of {@code w12(x)}).
     */
    private NDArray feedForward(ParameterStore store, Device device, NDArray x, boolean training) {
        NDArray inner = linear(store, device, x, fc1Weight, fc1Bias, training);
        NDArray hidden;
        if (feedForward == VitArchitecture.FeedForward.SWIGLU) {
            NDList halves = inner.split(2, inner.getShape().dimension() - 1);
            NDArray gate = halves.get(0);
            // silu(x) = x · sigmoid(x); DJL's swish(x, 1) multiplies by a Java-held scalar first (see AutogradOperands)
            hidden = gate.mul(Activation.sigmoid(gate)).mul(halves.get(1));
        } else {
            hidden = Activation.gelu(inner);
        }
        return linear(store, device, hidden, fc2Weight, fc2Bias, training);
    }

    /** DINOv2's LayerScale {@code x * gamma}, or {@code x} itself without one. */
    private static NDArray scaled(ParameterStore store, Device device, NDArray x, Parameter gamma, boolean training) {
        return gamma == null ? x : x.mul(store.getValue(gamma, device, training));
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
