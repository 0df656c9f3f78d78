package dev.dinojvm.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
     * @param parameters the student's parameters
     * @param maxNorm the clip threshold (3.0 in DINO); 0 or less disables clipping
     */
    public static void clipPerTensor(List<NamedParameter> parameters, double maxNorm) {
        if (maxNorm <= 0) {
            return;
        }
        for (NamedParameter p : parameters) {
            try (NDArray gradient = p.parameter().getArray().getGradient();
                    NDArray norm = gradient.norm();
                    NDArray denominator = norm.add(1e-6f);
                    NDArray coefficient = NDArrays.div((float) maxNorm, denominator);
                    NDArray factor = coefficient.minimum(1f)) {
                gradient.muli(factor);
            }
        }
    }
}
