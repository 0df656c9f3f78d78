package dev.dinojvm.plugins.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.dinojvm.api.AutogradOperands;

/**
 * DINOv2's iBOT patch loss ({@code iBOTPatchLoss.forward_masked}, as {@code ssl_meta_arch.py} weighs it):
 * for every masked patch of the student's global crops, the cross-entropy of the teacher's (unmasked)
 * patch output, centred and sharpened, against the student's; each crop's patches weigh
 * {@code 1 / its masked count}, and the sum is divided by the number of global crops, so that every crop
 * counts once (a crop without masked patches with 0). It keeps its own running centre.
 */
public final class IbotPatchLoss implements AutoCloseable {

    private final double studentTemperature;
    private final RunningCenter center;

    /**
     * @param parent manager whose device holds the centre
     * @param outDim the patch head's output dimension K
     * @param studentTemperature student temperature (0.1)
     * @param centerMomentum momentum of the running centre (0.9)
     */
    public IbotPatchLoss(NDManager parent, int outDim, double studentTemperature, double centerMomentum) {
        this.studentTemperature = studentTemperature;
        this.center = new RunningCenter(parent, outDim, centerMomentum);
    }

    /**
     * The teacher targets with the running centre: {@code softmax((t − centre) / τ)}.
     *
     * @param teacherPatches {@code (M, K)} the teacher's head outputs at the masked positions
     * @param teacherTemperature τ
     * @return {@code (M, K)}
     */
    public NDArray centredTargets(NDArray teacherPatches, double teacherTemperature) {
        return centredTargets(teacherPatches, center.array(), teacherTemperature);
    }

    /**
     * {@link #centredTargets(NDArray, double)} with a given centre (a replica's copy on its device).
     *
     * @param teacherPatches {@code (M, K)} the teacher's head outputs at the masked positions
     * @param center the centre {@code (1, K)} on the outputs' device
     * @param teacherTemperature τ
     * @return {@code (M, K)}
     */
    public NDArray centredTargets(NDArray teacherPatches, NDArray center, double teacherTemperature) {
        NDManager scope = teacherPatches.getManager();
        return teacherPatches.stopGradient().sub(center).div(AutogradOperands.scalar(scope, (float) teacherTemperature)).softmax(-1);
    }

    /**
     * @param studentPatches {@code (M, K)} the student's head outputs at the masked positions, crop by crop
     * @param targets {@code (M, K)} teacher targets (centred or Sinkhorn-Knopp)
     * @param patchWeights {@code (M)}: {@code 1 / masked patches of the patch's crop}
     * @param globalCrops the number of global crops of the batch (masked or not)
     * @return the scalar loss, in the manager of {@code studentPatches}
     */
    public NDArray compute(NDArray studentPatches, NDArray targets, NDArray patchWeights, long globalCrops) {
        NDManager scope = studentPatches.getManager();
        NDArray logProbs = studentPatches.div(AutogradOperands.scalar(scope, (float) studentTemperature)).logSoftmax(-1);
        NDArray perPatch = targets.stopGradient().mul(logProbs).sum(new int[] {1});
        return perPatch.mul(patchWeights).sum().neg().div(AutogradOperands.scalar(scope, globalCrops));
    }

    /**
     * {@code centre ← m·centre + (1 − m)·mean}, with the reference's mean: that of each process's masked
     * teacher outputs, averaged over the processes.
     *
     * @param meanOfProcessMeans the per-process means of the raw masked teacher outputs, averaged {@code (1, K)}
     */
    public void updateCenter(NDArray meanOfProcessMeans) {
        center.update(meanOfProcessMeans);
    }

    /** @return the running centre {@code (1, K)} */
    public NDArray center() {
        return center.array();
    }

    /**
     * @param values {@code K} values, e.g. from a checkpoint
     */
    public void setCenter(float[] values) {
        center.set(values);
    }

    @Override
    public void close() {
        center.close();
    }
}
