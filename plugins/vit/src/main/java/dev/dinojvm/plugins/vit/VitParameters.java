package dev.dinojvm.plugins.vit;

import dev.dinojvm.api.TruncatedNormalInitializer;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;

/** Builds the parameters of a {@link VisionTransformer} with the reference's shapes and initialisation. */
final class VitParameters {

    private VitParameters() {}

    /** A token or embedding (cls_token, pos_embed): trunc_normal(std=0.02). */
    static Parameter embedding(String name, Shape shape) {
        return build(name, Parameter.Type.WEIGHT, shape, TruncatedNormalInitializer.DINO);
    }

    /** A {@code nn.Linear} weight (out, in) as DINO's {@code _init_weights}: trunc_normal(std=0.02). */
    static Parameter linearWeight(String name, int out, int in) {
        return build(name, Parameter.Type.WEIGHT, new Shape(out, in), TruncatedNormalInitializer.DINO);
    }

    /** A {@code nn.Linear} bias, zero as in DINO's {@code _init_weights}. */
    static Parameter linearBias(String name, int out) {
        return build(name, Parameter.Type.BIAS, new Shape(out), Initializer.ZEROS);
    }

    /** A LayerNorm weight, one. */
    static Parameter normWeight(String name, int dim) {
        return build(name, Parameter.Type.GAMMA, new Shape(dim), Initializer.ONES);
    }

    /** A LayerNorm bias, zero. */
    static Parameter normBias(String name, int dim) {
        return build(name, Parameter.Type.BETA, new Shape(dim), Initializer.ZEROS);
    }

    /** DINOv2's LayerScale {@code gamma}, every channel {@code init} (its {@code init_values}). */
    static Parameter layerScale(String name, int dim, double init) {
        return build(name, Parameter.Type.WEIGHT, new Shape(dim), new ConstantInitializer((float) init));
    }

    /** DINOv2's register tokens: normal(std=1e-6). */
    static Parameter registers(String name, Shape shape) {
        return build(name, Parameter.Type.WEIGHT, shape, new NormalInitializer(1e-6f));
    }

    /** DINOv2's {@code mask_token}: zero. */
    static Parameter maskToken(String name, int dim) {
        return build(name, Parameter.Type.WEIGHT, new Shape(1, dim), Initializer.ZEROS);
    }

    /**
     * A {@code nn.Conv2d} weight or bias with PyTorch's default initialisation, which DINO keeps for the
     * patch embedding: {@code kaiming_uniform_(a=√5)} for the weight and the bias bound alike come to
     * {@code U(-1/√fan_in, 1/√fan_in)}.
     */
    static Parameter convDefault(String name, Parameter.Type type, Shape shape, int fanIn) {
        return build(name, type, shape, new UniformInitializer((float) (1 / Math.sqrt(fanIn))));
    }

    private static Parameter build(String name, Parameter.Type type, Shape shape, Initializer initializer) {
        return Parameter.builder().setName(name).setType(type).optShape(shape).optInitializer(initializer).build();
    }
}
