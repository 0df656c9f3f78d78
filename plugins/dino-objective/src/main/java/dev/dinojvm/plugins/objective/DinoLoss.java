package dev.dinojvm.plugins.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.dinojvm.api.AutogradOperands;

/**
 * The DINO loss (main_dino.py, DINOLoss): the teacher's outputs for the global views are centred and
 * sharpened, the student's outputs for all views are softened, and the cross-entropy of every teacher
 * view against every student view except the same view is averaged over the pairs.
 *
 * <p>Outputs are laid out view-major, as the reference's chunks: rows {@code [v·B, (v+1)·B)} hold view
 * {@code v} of the B images. The center is updated from the raw teacher outputs only after the loss
 * is computed, by {@link #updateCenter}.
 */
public final class DinoLoss implements AutoCloseable {

    private final NDManager manager;
    private final int teacherViews;
    private final int studentViews;
    private final double studentTemperature;
    private final NDArray pairMask;
    private final RunningCenter center;

    /**
     * @param parent manager whose device holds the center
     * @param outDim output dimension K
     * @param teacherViews global views seen by the teacher (2)
     * @param studentViews all views seen by the student (global + local)
     * @param studentTemperature student softmax temperature (0.1)
     * @param centerMomentum momentum of the running center (0.9)
     */
    public DinoLoss(NDManager parent, int outDim, int teacherViews, int studentViews,
            double studentTemperature, double centerMomentum) {
        this.manager = parent.newSubManager();
        this.teacherViews = teacherViews;
        this.studentViews = studentViews;
        this.studentTemperature = studentTemperature;
        this.center = new RunningCenter(manager, outDim, centerMomentum);
        float[] mask = new float[teacherViews * studentViews];
        for (int t = 0; t < teacherViews; t++) {
            for (int s = 0; s < studentViews; s++) {
                mask[t * studentViews + s] = t == s ? 0f : 1f;
            }
        }
        this.pairMask = manager.create(mask, new Shape(teacherViews, studentViews));
    }

    /** @return the global views the teacher sees */
    public int teacherViews() {
        return teacherViews;
    }

    /** @return the number of (teacher view, student view) pairs the loss averages over */
    public int pairCount() {
        return teacherViews * studentViews - Math.min(teacherViews, studentViews);
    }

    /**
     * Computes the loss. Gradients flow into {@code studentOutput} only.
     *
     * @param studentOutput {@code (studentViews·B, K)}
     * @param teacherOutput {@code (teacherViews·B, K)}, without gradient
     * @param teacherTemperature the teacher temperature of this epoch
     * @return the scalar loss, attached to {@code studentOutput}'s manager
     */
    public NDArray compute(NDArray studentOutput, NDArray teacherOutput, double teacherTemperature) {
        return compute(studentOutput, teacherOutput, center.array(), teacherTemperature);
    }

    /**
     * Computes the loss with a given center (a replica's copy of {@link #center()} on its device).
     *
     * @param studentOutput {@code (studentViews·B, K)}, fp32
     * @param teacherOutput {@code (teacherViews·B, K)}, fp32, without gradient
     * @param center the center {@code (1, K)} on the outputs' device
     * @param teacherTemperature the teacher temperature of this epoch
     * @return the scalar loss, attached to {@code studentOutput}'s manager
     */
    public NDArray compute(NDArray studentOutput, NDArray teacherOutput, NDArray center, double teacherTemperature) {
        NDManager scope = studentOutput.getManager();
        return computeFromTargets(studentOutput, teacherOutput.sub(center).div(scalar(scope, teacherTemperature)).softmax(-1));
    }

    /**
     * The cross-entropy part alone, with teacher targets computed elsewhere (Sinkhorn-Knopp centring).
     *
     * @param studentOutput {@code (studentViews·B, K)}, fp32
     * @param teacherTargets {@code (teacherViews·B, K)}, rows summing to 1, without gradient
     * @return the scalar loss, attached to {@code studentOutput}'s manager
     */
    public NDArray computeFromTargets(NDArray studentOutput, NDArray teacherTargets) {
        long rows = studentOutput.getShape().get(0);
        long batch = rows / studentViews;
        long k = studentOutput.getShape().get(1);
        NDManager scope = studentOutput.getManager();
        NDArray studentLogProbs = studentOutput.div(scalar(scope, studentTemperature)).logSoftmax(-1).reshape(studentViews, batch * k);
        NDArray teacherProbs = teacherTargets.reshape(teacherViews, batch * k);
        // (teacherViews, studentViews): the sum over images and classes of q · log p for every pair.
        NDArray pairSums = teacherProbs.stopGradient().matMul(studentLogProbs.transpose());
        NDArray mask = pairMask;
        if (!pairMask.getDevice().equals(studentOutput.getDevice())) {
            mask = pairMask.toDevice(studentOutput.getDevice(), true); // a replica on another device
            mask.attach(scope);
        }
        return pairSums.mul(mask).sum().neg().div(scalar(scope, batch * (double) pairCount()));
    }

    /**
     * The mean entropy of the teacher's distributions, centred and sharpened as in the loss: the DINO
     * paper's collapse diagnostic (Figure 7) with the KL divergence between teacher and student, which
     * is the loss minus this entropy (the loss is the cross-entropy of every teacher view with the
     * student's other views, and each teacher view is in the same number of pairs). ln K for a uniform
     * teacher, 0 for a teacher that always puts all its mass on one dimension.
     *
     * @param teacherOutput {@code (teacherViews·B, K)}, fp32, without gradient
     * @param center the center {@code (1, K)} on the output's device
     * @param teacherTemperature the teacher temperature of this iteration
     * @return the scalar mean over rows of {@code −Σ q log q}, on the output's manager, without gradient
     */
    public NDArray teacherEntropy(NDArray teacherOutput, NDArray center, double teacherTemperature) {
        NDManager scope = teacherOutput.getManager();
        NDArray logProbs = teacherOutput.sub(center).div(scalar(scope, teacherTemperature)).logSoftmax(-1);
        return logProbs.exp().mul(logProbs).sum(new int[] {1}).mean().neg();
    }

    /** Not {@code div(Number)}: see {@link AutogradOperands} for why the scalar must come from libtorch. */
    private static NDArray scalar(NDManager manager, double value) {
        return AutogradOperands.scalar(manager, (float) value);
    }

    /**
     * {@code center ← m·center + (1 − m)·mean(teacherOutput)}, after the loss of this batch.
     *
     * @param teacherOutput the raw (not centred) teacher outputs of this batch
     */
    public void updateCenter(NDArray teacherOutput) {
        try (NDArray sum = teacherOutput.sum(new int[] {0}, true)) {
            updateCenter(sum, teacherOutput.getShape().get(0));
        }
    }

    /**
     * The center update from a sum of teacher outputs, as the reference computes it across processes:
     * {@code batch_center = all_reduce(sum(teacher_output)) / (rows · world_size)}.
     *
     * @param teacherOutputSum the sum of the raw teacher output rows {@code (1, K)}, over the whole batch
     * @param rows how many rows were summed
     */
    public void updateCenter(NDArray teacherOutputSum, long rows) {
        try (NDArray batchCenter = teacherOutputSum.div((float) rows)) {
            center.update(batchCenter);
        }
    }

    /** @return the running center {@code (1, K)} */
    public NDArray center() {
        return center.array();
    }

    /**
     * Replaces the center, e.g. from a checkpoint.
     *
     * @param values {@code K} values
     */
    public void setCenter(float[] values) {
        center.set(values);
    }

    @Override
    public void close() {
        manager.close();
    }
}
