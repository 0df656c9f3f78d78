package dev.dinojvm.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * AdamW with PyTorch's defaults (betas 0.9/0.999, eps 1e-8, decoupled weight decay), as
 * {@code torch.optim.AdamW} in the reference.
 *
 * <p>Written here rather than using DJL's {@code AdamW} optimizer because the DINO recipe needs what
 * that class does not offer: a learning rate and weight decay set from outside at every iteration,
 * weight decay only for one parameter group, skipping frozen parameters without touching their moments,
 * and moments that can be saved to and restored from a checkpoint. The arithmetic itself is DJL's fused
 * {@code adamUpdate} (one native call per tensor).
 */
public final class AdamW implements AutoCloseable {

    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-8f;

    private final NDManager manager;
    private final Map<String, Moments> moments = new LinkedHashMap<>();

    /** The optimizer state of one parameter. */
    static final class Moments {
        final NDArray mean;
        final NDArray variance;
        long steps;

        Moments(NDArray mean, NDArray variance, long steps) {
            this.mean = mean;
            this.variance = variance;
            this.steps = steps;
        }
    }

    /** @param parent manager on the training device; the moments live in a sub-manager of it */
    public AdamW(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    /**
     * One optimizer step. Gradients are given explicitly (they may be summed from replicas or unscaled
     * from fp16) and are left as they are: the caller clears them.
     *
     * @param parameters the student's trainable (master) parameters
     * @param gradients their gradients, in the same order
     * @param learningRate this iteration's learning rate
     * @param weightDecay this iteration's weight decay, applied to {@link NamedParameter#decayed()} ones
     * @param frozen the parameters held this iteration (no step, moments untouched, as the reference sets
     *     their {@code grad} to None)
     */
    public void step(List<NamedParameter> parameters, List<NDArray> gradients, double learningRate, double weightDecay,
            Predicate<NamedParameter> frozen) {
        for (int i = 0; i < parameters.size(); i++) {
            NamedParameter p = parameters.get(i);
            if (frozen.test(p)) {
                continue;
            }
            NDArray weight = p.parameter().getArray();
            Moments m = moments.computeIfAbsent(p.name(), k -> newMoments(weight));
            m.steps++;
            double biasCorrection1 = 1 - Math.pow(BETA1, m.steps);
            double biasCorrection2 = 1 - Math.pow(BETA2, m.steps);
            float correctedRate = (float) (learningRate * Math.sqrt(biasCorrection2) / biasCorrection1);
            float decay = p.decayed() ? (float) weightDecay : 0f;
            // Called directly rather than through NDArrayEx.adamUpdate, which also clears the weight's own
            // gradient: a master weight may have none (its gradient is summed from compute copies).
            // clipGrad -1 disables DJL's element-wise clamp: DINO clips per tensor (GradientClipping).
            JniUtils.adamUpdate((PtNDArray) weight, (PtNDArray) gradients.get(i), (PtNDArray) m.mean, (PtNDArray) m.variance,
                    (float) learningRate, correctedRate, decay, 1f, -1f, BETA1, BETA2, EPSILON, true);
        }
    }

    private Moments newMoments(NDArray weight) {
        NDArray mean = manager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice());
        NDArray variance = manager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice());
        return new Moments(mean, variance, 0);
    }

    /** @return the state by parameter name, for checkpoints */
    Map<String, Moments> state() {
        return moments;
    }

    /**
     * Restores the state of one parameter from a checkpoint.
     *
     * @param name parameter name
     * @param mean first moment (its values are copied)
     * @param variance second moment (its values are copied)
     * @param steps steps taken so far for this parameter
     * @param device the training device
     */
    void restore(String name, NDArray mean, NDArray variance, long steps, ai.djl.Device device) {
        Moments restored = new Moments(copy(mean, device), copy(variance, device), steps);
        Moments old = moments.put(name, restored);
        if (old != null) {
            old.mean.close();
            old.variance.close();
        }
    }

    /** A copy owned by this optimizer: {@code toDevice(same, true)} would alias the source's storage. */
    private NDArray copy(NDArray source, ai.djl.Device device) {
        NDArray copy = manager.zeros(source.getShape(), source.getDataType(), device);
        copy.set(source.toByteBuffer());
        return copy;
    }

    @Override
    public void close() {
        manager.close();
    }
}
