package dev.dinojvm.engine.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import dev.dinojvm.api.AutogradOperands;
import dev.dinojvm.engine.config.EngineSettings;
import dev.dinojvm.engine.parallel.ProcessGroup;
import dev.dinojvm.engine.util.GradientMode;
import java.util.ArrayList;
import java.util.List;

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

    /** What one replica's share of a micro-batch contributed. */
    record Partial(NDArray weightedLoss, NDArray teacherOutputSum, long teacherRows, NDArray teacherOutput, NDArray weightedEntropy) {}

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
     * DINOv2's terms that are functions of the whole batch (the trainer allows them only when this share is
     * the process's whole batch).
     *
     * @param centering the running center, or Sinkhorn-Knopp over the batch of all processes
     * @param koleoWeight weight of KoLeo on the student's features of each global crop, 0 for none
     * @param group the processes, whose sums Sinkhorn-Knopp takes
     */
    record WholeBatchTerms(EngineSettings.Centering centering, double koleoWeight, ProcessGroup group) {
        static final WholeBatchTerms NONE = new WholeBatchTerms(EngineSettings.Centering.CENTER, 0, ProcessGroup.SINGLE);
    }

    /**
     * Runs this replica's share of a micro-batch: teacher on the global views, student on all views,
     * the loss (in fp32) weighted by the share's part of the whole batch, and backward with the loss
     * scale. Gradients accumulate in the replica's parameters until {@link #clearGradients()}.
     *
     * @param global the global views {@code (2·n, 3, G, G)} in the compute type, on this device
     * @param local the local views, or {@code null}
     * @param loss the loss (its settings; the center passed is this device's copy)
     * @param center the loss center on this device
     * @param teacherTemperature this iteration's teacher temperature
     * @param weight the share's images over the whole (accumulated, all-replica) batch
     * @param lossScale the factor the loss is multiplied by before backward (1 without loss scaling)
     * @param timer told about the phases, or {@code null}
     * @param terms DINOv2's whole-batch terms, {@link WholeBatchTerms#NONE} for DINO's loss alone
     * @param diagnose whether to compute the teacher's entropy (only on steps that read the loss: it is
     *     read with it, adding no transfer from the device on other steps)
     * @return the weighted loss and the teacher outputs' sum, for the whole batch's reduction
     */
    Partial forwardBackward(NDArray global, NDArray local, DinoLoss loss, NDArray center, double teacherTemperature,
            double weight, double lossScale, StepTimer timer, WholeBatchTerms terms, boolean diagnose) {
        NDManager scope = global.getManager();
        List<NDArray> studentInputs = local == null ? List.of(global) : List.of(global, local);
        try (GradientMode off = GradientMode.set(false)) {
            NDArray teacherOutput = fp32(teacher.forward(List.of(global), false), scope);
            NDArray weighted;
            try (GradientMode on = GradientMode.set(true)) {
                DinoNetwork.Outputs outputs = student.forwardWithFeatures(studentInputs, true);
                NDArray studentOutput = fp32(outputs.headOutputs(), scope);
                lap(timer, StepTimer.Phase.FORWARD);
                NDArray value = dinoTerm(loss, studentOutput, teacherOutput, center, teacherTemperature, terms);
                if (terms.koleoWeight() > 0) {
                    value = value.add(koleo(fp32(outputs.firstFeatures(), scope), global.getShape().get(0) / loss.teacherViews(),
                            terms.koleoWeight(), scope));
                }
                weighted = weight == 1 ? value : value.mul(AutogradOperands.scalar(scope, (float) weight));
                lap(timer, StepTimer.Phase.LOSS);
                NDArray target = lossScale == 1 ? weighted : weighted.mul(AutogradOperands.scalar(scope, (float) lossScale));
                JniUtils.backward((PtNDArray) target, (PtNDArray) target.onesLike(), false, false);
            }
            lap(timer, StepTimer.Phase.BACKWARD);
            NDArray entropy = null;
            if (diagnose) {
                entropy = loss.teacherEntropy(teacherOutput, center, teacherTemperature);
                entropy = weight == 1 ? entropy : entropy.mul(AutogradOperands.scalar(scope, (float) weight));
            }
            return new Partial(weighted, teacherOutput.sum(new int[] {0}, true), teacherOutput.getShape().get(0), teacherOutput,
                    entropy);
        }
    }

    private static NDArray dinoTerm(DinoLoss loss, NDArray studentOutput, NDArray teacherOutput, NDArray center,
            double teacherTemperature, WholeBatchTerms terms) {
        if (terms.centering() == EngineSettings.Centering.CENTER) {
            return loss.compute(studentOutput, teacherOutput, center, teacherTemperature);
        }
        long rows = teacherOutput.getShape().get(0) * terms.group().worldSize();
        NDArray targets = SinkhornKnopp.assign(teacherOutput, teacherTemperature, SinkhornKnopp.DEFAULT_ITERATIONS, rows, terms.group());
        return loss.computeFromTargets(studentOutput, targets);
    }

    /** {@code weight · Σ_v KoLeo(features of global view v)}, DINOv2's sum over the global crops (not across them). */
    private static NDArray koleo(NDArray globalFeatures, long images, double weight, NDManager scope) {
        long views = globalFeatures.getShape().get(0) / images;
        NDArray sum = null;
        for (long v = 0; v < views; v++) {
            NDArray term = KoLeoLoss.compute(globalFeatures.get(v * images + ":" + (v + 1) * images));
            sum = sum == null ? term : sum.add(term);
        }
        return sum.mul(AutogradOperands.scalar(scope, (float) weight));
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
