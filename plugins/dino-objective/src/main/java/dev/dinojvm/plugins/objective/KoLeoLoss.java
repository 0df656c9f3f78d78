package dev.dinojvm.plugins.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.dinojvm.api.AutogradOperands;

/**
 * DINOv2's KoLeo regulariser ({@code KoLeoLoss}, Sablayrolles et al. 2018): on L2-normalised features,
 * {@code −mean(log(‖x_i − x_nn(i) + ε‖ + ε))} over each sample's nearest neighbour in the batch, which
 * spreads the features apart. Differentiable in the features; the neighbour choice is not.
 */
public final class KoLeoLoss {

    /** The reference's eps of F.normalize, PairwiseDistance and the log. */
    static final float EPS = 1e-8f;

    private KoLeoLoss() {}

    /**
     * @param features {@code (B, D)}, B ≥ 2 (the student's CLS features of one global crop)
     * @return the scalar loss, in the manager of {@code features}
     */
    public static NDArray compute(NDArray features) {
        NDManager scope = features.getManager();
        long batch = features.getShape().get(0);
        NDArray eps = AutogradOperands.scalar(scope, EPS);
        NDArray norms = features.square().sum(new int[] {1}, true).sqrt().maximum(eps);
        NDArray x = features.div(norms);
        NDArray neighbours;
        try (NDManager choice = scope.newSubManager()) {
            NDArray fixed = x.stopGradient();
            fixed.attach(choice);
            // the reference fills the diagonal of x·xᵀ with -1 so that a sample is not its own neighbour
            NDArray eye = choice.eye((int) batch);
            NDArray dots = fixed.matMul(fixed.transpose()).mul(eye.neg().add(1)).sub(eye);
            neighbours = dots.argMax(1).oneHot((int) batch).toType(DataType.FLOAT32, false);
            neighbours.attach(scope);
        }
        NDArray nearest = neighbours.matMul(x); // row i is x[argmax_j], exactly: one 1 and zeros
        NDArray distances = x.sub(nearest).add(eps).square().sum(new int[] {1}).sqrt();
        return distances.add(eps).log().mean().neg();
    }
}
