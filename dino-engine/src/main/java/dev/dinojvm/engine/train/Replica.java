package dev.dinojvm.engine.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import dev.dinojvm.api.AutogradOperands;
import dev.dinojvm.api.BatchSums;
import dev.dinojvm.api.Objective;
import dev.dinojvm.api.ObjectiveBatch;
import dev.dinojvm.api.ObjectiveOutput;
import dev.dinojvm.api.PatchMasks;
import dev.dinojvm.engine.plugin.ContextLoaderSwap;
import dev.dinojvm.engine.util.GradientMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Student and teacher as one device computes them: either the fp32 master networks themselves (one
 * device, fp32), or copies of them on another device or in fp16, refreshed from the masters after every
 * update. A replica runs the forward and backward passes of its share of a batch; the trainer sums the
 * replicas' gradients into the masters' step.
 */
final class Replica {

    private final DinoNetwork student;
    private final DinoNetwork teacher;
    private final boolean sharesMasters;
    private final DataType computeType;
    private final List<Parameter> trainable;

    /**
     * What one replica's share of a micro-batch contributed.
     *
     * @param weightedLoss the share's loss, weighted by its part of the whole batch
     * @param teacherOutput the teacher outputs, for diagnosis
     * @param weightedEntropy the teacher's weighted mean entropy, or {@code null} when not diagnosed or the objective has none
     * @param weightedTerms each loss term, weighted as in the loss, in {@link Objective#termNames()} order, or {@code null}
     *     when not diagnosed
     * @param statistics the share's statistics for the objective's update
     * @param counts the share's counts for the objective's update
     */
    record Partial(NDArray weightedLoss, NDArray teacherOutput, NDArray weightedEntropy, NDArray weightedTerms,
            Map<String, NDArray> statistics, Map<String, Long> counts) {}

    private Replica(DinoNetwork student, DinoNetwork teacher, boolean sharesMasters, DataType computeType) {
        this.student = student;
        this.teacher = teacher;
        this.sharesMasters = sharesMasters;
        this.computeType = computeType;
        this.trainable = new ArrayList<>();
        for (Pair<String, Parameter> p : student.parameters()) {
            if (p.getValue().requiresGradient()) {
                trainable.add(p.getValue());
            }
        }
    }

    /**
     * @param student the master student
     * @param teacher the master teacher
     * @return a replica that computes with the masters themselves (one device, fp32)
     */
    static Replica ofMasters(DinoNetwork student, DinoNetwork teacher) {
        return new Replica(student, teacher, true, DataType.FLOAT32);
    }

    /**
     * @param student a student built for this replica's device and compute type, with gradients
     * @param teacher a teacher built likewise
     * @param masterStudent the master student to copy
     * @param masterTeacher the master teacher to copy
     * @return a replica computing with copies of the masters
     */
    static Replica ofCopies(DinoNetwork student, DinoNetwork teacher, DinoNetwork masterStudent, DinoNetwork masterTeacher) {
        teacher.stopGradients();
        Replica replica = new Replica(student, teacher, false, student.parameters().valueAt(0).getArray().getDataType());
        replica.refreshFrom(masterStudent, masterTeacher);
        return replica;
    }

    /** @return the student it computes with */
    DinoNetwork student() {
        return student;
    }

    /** @return the teacher it computes with */
    DinoNetwork teacher() {
        return teacher;
    }

    /** @return whether its networks are the masters */
    boolean sharesMasters() {
        return sharesMasters;
    }

    /** @return the device it computes on */
    Device device() {
        return student.parameters().valueAt(0).getArray().getDevice();
    }

    /** @return the type it computes in */
    DataType computeType() {
        return computeType;
    }

    /**
     * Runs this replica's share of a micro-batch: teacher on the global views, student on all views (its
     * global views masked when the objective asks for patch outputs), the objective's terms (in fp32) summed into the
     * loss and weighted by the share's part of the whole batch, and backward with the loss scale. Gradients accumulate in
     * the replica's parameters until {@link #clearGradients()}.
     *
     * @param global the global views {@code (2·n, 3, G, G)} in the compute type, on this device
     * @param local the local views, or {@code null}
     * @param images n, the share's images
     * @param masks the masks of the global views, or {@code null} when the objective asks for no patch outputs
     * @param objective the objective
     * @param teacherTemperature this iteration's teacher temperature
     * @param iteration the 0-based global iteration
     * @param weight the share's images over the whole (accumulated, all-replica) batch
     * @param lossScale the factor the loss is multiplied by before backward (1 without loss scaling)
     * @param timer told about the phases, or {@code null}
     * @param sums the processes' sums, for the objective
     * @param diagnose whether to compute the teacher's entropy and the loss terms (only on steps that read the
     *     loss: they are read with it, adding no transfer from the device on other steps)
     * @return the weighted loss and the objective's statistics, for the whole batch's reduction
     */
    Partial forwardBackward(NDArray global, NDArray local, long images, PatchMasks masks, Objective objective,
            double teacherTemperature, long iteration, double weight, double lossScale, StepTimer timer, BatchSums sums, boolean diagnose) {
        NDManager scope = global.getManager();
        List<NDArray> studentInputs = local == null ? List.of(global) : List.of(global, local);
        try (GradientMode off = GradientMode.set(false)) {
            DinoNetwork.Outputs teacherOutputs = masks == null ? new DinoNetwork.Outputs(teacher.forward(List.of(global), false), null, null)
                    : teacher.forwardWithPatches(List.of(global), null, masks.indices(), false);
            NDArray teacherOutput = fp32(teacherOutputs.headOutputs(), scope);
            NDArray teacherPatches = masks == null ? null : fp32(teacherOutputs.patchOutputs(), scope);
            NDArray weighted;
            ObjectiveBatch batch;
            ObjectiveOutput output;
            try (GradientMode on = GradientMode.set(true)) {
                DinoNetwork.Outputs outputs = masks == null ? student.forwardWithFeatures(studentInputs, true)
                        : student.forwardWithPatches(studentInputs, masks.flags(), masks.indices(), true);
                NDArray studentOutput = fp32(outputs.headOutputs(), scope);
                lap(timer, StepTimer.Phase.FORWARD);
                batch = new ObjectiveBatch(studentOutput, teacherOutput, masks == null ? null : fp32(outputs.patchOutputs(), scope),
                        teacherPatches, objective.needsStudentFeatures() ? fp32(outputs.firstFeatures(), scope) : null, masks,
                        images, teacherTemperature, iteration, sums, scope);
                try (ContextLoaderSwap swap = ContextLoaderSwap.of(objective)) {
                    output = checked(objective.loss(batch), objective);
                }
                NDArray value = null;
                for (NDArray term : output.terms().values()) {
                    value = value == null ? term : value.add(term);
                }
                weighted = weight == 1 ? value : value.mul(AutogradOperands.scalar(scope, (float) weight));
                lap(timer, StepTimer.Phase.LOSS);
                NDArray target = lossScale == 1 ? weighted : weighted.mul(AutogradOperands.scalar(scope, (float) lossScale));
                JniUtils.backward((PtNDArray) target, (PtNDArray) target.onesLike(), false, false);
            }
            lap(timer, StepTimer.Phase.BACKWARD);
            NDArray entropy = null;
            NDArray weightedTerms = null;
            if (diagnose) {
                try (ContextLoaderSwap swap = ContextLoaderSwap.of(objective)) {
                    entropy = objective.teacherEntropy(batch);
                }
                entropy = entropy == null || weight == 1 ? entropy : entropy.mul(AutogradOperands.scalar(scope, (float) weight));
                weightedTerms = NDArrays.stack(new NDList(output.terms().values().stream().map(NDArray::stopGradient).toList()))
                        .mul(AutogradOperands.scalar(scope, (float) weight));
            }
            return new Partial(weighted, teacherOutput, entropy, weightedTerms, output.statistics(), output.counts());
        }
    }

    /** An objective's output must name the terms and statistics it declares: the engine sums and logs them by position. */
    private static ObjectiveOutput checked(ObjectiveOutput output, Objective objective) {
        if (!List.copyOf(output.terms().keySet()).equals(objective.termNames())) {
            throw new IllegalStateException("the objective returned the terms " + output.terms().keySet() + " but declares "
                    + objective.termNames());
        }
        if (!output.statistics().keySet().equals(objective.statistics().keySet())) {
            throw new IllegalStateException("the objective returned the statistics " + output.statistics().keySet()
                    + " but declares " + objective.statistics().keySet());
        }
        return output;
    }

    /**
     * Brings an output up to fp32 for the loss. Casts are not differentiable in DJL (they run under a
     * no-grad guard), but type promotion in an addition is: adding an fp32 zero lifts the fp16 output
     * with its gradient path intact.
     */
    private NDArray fp32(NDArray output, NDManager scope) {
        if (output.getDataType() == DataType.FLOAT32) {
            return output;
        }
        return output.add(scope.zeros(new Shape(1), DataType.FLOAT32));
    }

    /** @return the gradients of the trainable student parameters (new handles, for the caller to close) */
    List<NDArray> gradients() {
        List<NDArray> gradients = new ArrayList<>(trainable.size());
        for (Parameter p : trainable) {
            NDArray gradient = p.getArray().getGradient();
            gradients.add(gradient);
        }
        return gradients;
    }

    /** Zeroes the student's accumulated gradients (libtorch's {@code zero_()}: a non-finite gradient becomes 0 too). */
    void clearGradients() {
        for (Parameter p : trainable) {
            PtNDArray weight = (PtNDArray) p.getArray();
            PtNDArray gradient = JniUtils.getGradient(weight); // null until a backward pass reached it
            if (gradient != null) {
                gradient.close();
                JniUtils.zeroGrad(weight);
            }
        }
    }

    /**
     * Copies the masters' current values into this replica's networks (nothing when it shares them).
     *
     * @param masterStudent the master student
     * @param masterTeacher the master teacher
     */
    void refreshFrom(DinoNetwork masterStudent, DinoNetwork masterTeacher) {
        if (!sharesMasters) {
            student.copyFrom(masterStudent);
            teacher.copyFrom(masterTeacher);
        }
    }

    private static void lap(StepTimer timer, StepTimer.Phase phase) {
        if (timer != null) {
            timer.phaseEnded(phase);
        }
    }
}
