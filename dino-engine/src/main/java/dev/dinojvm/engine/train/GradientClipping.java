package dev.dinojvm.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Per-tensor gradient clipping as the reference's {@code utils.clip_gradients}: each parameter's
 * gradient is scaled by {@code min(1, clip / (‖g‖₂ + 1e-6))}, its own norm, independently of the others.
 *
 * <p>Not DJL's optimizer {@code clipGrad}, which clamps elements, nor a global-norm clip. The factor
 * is computed on the device, so clipping adds no host synchronisation.
 */
public final class GradientClipping {

    private GradientClipping() {}

    /**
     * Clips in place.
     *
     * @param gradients the gradients of the student's trainable parameters
     * @param maxNorm the clip threshold (3.0 in DINO); 0 or less disables clipping
     */
    public static void clipPerTensor(List<NDArray> gradients, double maxNorm) {
        if (maxNorm <= 0 || gradients.isEmpty()) {
            return;
        }
        // Every intermediate, including scalars DJL creates for Number operands (rdiv leaves one in the
        // operand's manager), lives in this scope.
        try (NDManager scope = gradients.get(0).getManager().newSubManager()) {
            for (NDArray gradient : gradients) {
                NDArray norm = gradient.norm();
                norm.attach(scope);
                NDArray coefficient = NDArrays.div((float) maxNorm, norm.add(1e-6f));
                gradient.muli(coefficient.minimum(1f));
            }
        }
    }
}
