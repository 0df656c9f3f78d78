package dev.dinojvm.plugins.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.dinojvm.api.AutogradOperands;
import java.util.Arrays;

/** Stochastic depth per sample, as the reference's {@code drop_path}. */
final class DropPath {

    private DropPath() {}

    /**
     * Zeroes the residual branch of whole samples with probability {@code rate} and rescales the
     * others by {@code 1 / (1 - rate)}. Randomness comes from the array's manager (the engine's
     * generator, seeded by {@code Engine.setRandomSeed}).
     *
     * @param x the branch output, batch first
     * @param rate the drop probability
     * @param training whether this is a training forward; otherwise {@code x} is returned as is
     * @return {@code x} itself, or a new array in the same manager
     */
    static NDArray apply(NDArray x, double rate, boolean training) {
        if (!training || rate <= 0) {
            return x;
        }
        float keep = (float) (1 - rate);
        long[] maskShape = new long[x.getShape().dimension()];
        Arrays.fill(maskShape, 1);
        maskShape[0] = x.getShape().get(0);
        NDArray mask = x.getManager().randomUniform(0, 1, new Shape(maskShape), x.getDataType()).add(keep).floor();
        return x.div(AutogradOperands.scalar(x.getManager(), keep)).mul(mask); // not div(float): see AutogradOperands
    }
}
