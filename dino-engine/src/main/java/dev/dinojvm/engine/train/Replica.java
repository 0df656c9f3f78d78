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

    /**
     * What one replica's share of a micro-batch contributed.
     *
     * @param weightedLoss the share's loss, weighted by its part of the whole batch
     * @param teacherOutputSum the sum of the raw teacher output rows {@code (1, K)}, for the DINO centre
     * @param teacherRows how many rows that sums
     * @param teacherOutput the teacher outputs, for diagnosis
     * @param weightedEntropy the teacher's weighted mean entropy, or {@code null} when not diagnosed
     * @param ibotTeacherSum the sum of the raw teacher patch outputs at the masked patches {@code (1, K)}, or {@code null}
     *     without iBOT
     * @param maskedPatches how many patches that sums
     * @param weightedTerms each loss term, weighted as in the loss, in {@link Dinov2Terms#termNames()} order, or
     *     {@code null} when not diagnosed
     */
    record Partial(NDArray weightedLoss, NDArray teacherOutputSum, long teacherRows, NDArray teacherOutput, NDArray weightedEntropy,
            NDArray ibotTeacherSum, long maskedPatches, NDArray weightedTerms) {}

    /**
     * iBOT's masks of a share's global views, on its device.
     *
     * @param flags {@code (globalViews·n, P)}, 1 at masked patches
     * @param indices {@code (M)} int64: the masked positions in the patch tokens flattened to {@code (globalViews·n·P)}
     * @param weights {@code (M)} fp32: {@code 1 / masked patches of the patch's crop}
     * @param count M
     * @param crops the share's global views, {@code globalViews·n}
     */
    record ShareMasks(NDArray flags, NDArray indices, NDArray weights, long count, long crops) {}

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
     * DINOv2's terms besides DINO's.
     *
     * @param centering the running centre, or Sinkhorn-Knopp over the batch of all processes (DINO and iBOT terms)
     * @param koleoWeight weight of KoLeo on the student's features of each global crop, 0 for none (a function of the
     *     whole batch: the trainer allows it only when a share is the process's whole batch, as Sinkhorn-Knopp)
     * @param ibotWeight weight of the iBOT term, 0 for none
     * @param group the processes, whose sums Sinkhorn-Knopp takes
     */
    record Dinov2Terms(EngineSettings.Centering centering, double koleoWeight, double ibotWeight, ProcessGroup group) {
        static final Dinov2Terms NONE = new Dinov2Terms(EngineSettings.Centering.CENTER, 0, 0, ProcessGroup.SINGLE);

        /** @return the names of the loss terms, in the order of {@link Partial#weightedTerms()} */
        List<String> termNames() {
            List<String> names = new ArrayList<>(List.of("dino"));
            if (ibotWeight > 0) {
                names.add("ibot");
            }
            if (koleoWeight > 0) {
                names.add("koleo");
            }
            return List.copyOf(names);
        }
    }

    /**
     * The centres of a step, on this replica's device.
     *
     * @param dino the DINO term's
     * @param ibot the iBOT term's, or {@code null} without iBOT
     */
    record Centers(NDArray dino, NDArray ibot) {}

    /**
     * Runs this replica's share of a micro-batch: teacher on the global views, student on all views (its
     * global views masked for iBOT), the loss (in fp32) weighted by the share's part of the whole batch, and
     * backward with the loss scale. Gradients accumulate in the replica's parameters until {@link
     * #clearGradients()}.
     *
     * @param global the global views {@code (2·n, 3, G, G)} in the compute type, on this device
     * @param local the local views, or {@code null}
     * @param masks iBOT's masks of the global views, or {@code null} without iBOT
     * @param loss the DINO loss (its settings; the center passed is this device's copy)
     * @param ibot the iBOT loss (its settings), or {@code null} without iBOT
     * @param centers the centres on this device
     * @param teacherTemperature this iteration's teacher temperature
     * @param weight the share's images over the whole (accumulated, all-replica) batch
     * @param lossScale the factor the loss is multiplied by before backward (1 without loss scaling)
     * @param timer told about the phases, or {@code null}
     * @param terms DINOv2's terms, {@link Dinov2Terms#NONE} for DINO's loss alone
     * @param diagnose whether to compute the teacher's entropy and the loss terms (only on steps that read the
     *     loss: they are read with it, adding no transfer from the device on other steps)
     * @return the weighted loss and the teacher outputs' sums, for the whole batch's reduction
     */
    Partial forwardBackward(NDArray global, NDArray local, ShareMasks masks, DinoLoss loss, IbotPatchLoss ibot, Centers centers,
            double teacherTemperature, double weight, double lossScale, StepTimer timer, Dinov2Terms terms, boolean diagnose) {
        NDManager scope = global.getManager();
        List<NDArray> studentInputs = local == null ? List.of(global) : List.of(global, local);
        try (GradientMode off = GradientMode.set(false)) {
            DinoNetwork.Outputs teacherOutputs = masks == null ? new DinoNetwork.Outputs(teacher.forward(List.of(global), false), null, null)
                    : teacher.forwardWithPatches(List.of(global), null, masks.indices(), false);
            NDArray teacherOutput = fp32(teacherOutputs.headOutputs(), scope);
            NDArray teacherPatches = masks == null ? null : fp32(teacherOutputs.patchOutputs(), scope);
            NDArray weighted;
            List<NDArray> termValues = new ArrayList<>();
            try (GradientMode on = GradientMode.set(true)) {
                DinoNetwork.Outputs outputs = masks == null ? student.forwardWithFeatures(studentInputs, true)
                        : student.forwardWithPatches(studentInputs, masks.flags(), masks.indices(), true);
                NDArray studentOutput = fp32(outputs.headOutputs(), scope);
                lap(timer, StepTimer.Phase.FORWARD);
                NDArray value = dinoTerm(loss, studentOutput, teacherOutput, centers.dino(), teacherTemperature, terms);
                termValues.add(value);
                if (terms.koleoWeight() > 0) {
                    NDArray koleo = koleo(fp32(outputs.firstFeatures(), scope), global.getShape().get(0) / loss.teacherViews(),
                            terms.koleoWeight(), scope);
                    termValues.add(koleo);
                    value = value.add(koleo);
                }
                if (masks != null) {
                    NDArray ibotTerm = ibotTerm(ibot, fp32(outputs.patchOutputs(), scope), teacherPatches, masks, centers.ibot(),
                            teacherTemperature, terms, scope);
                    termValues.add(1, ibotTerm);
                    value = value.add(ibotTerm);
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
                entropy = loss.teacherEntropy(teacherOutput, centers.dino(), teacherTemperature);
                entropy = weight == 1 ? entropy : entropy.mul(AutogradOperands.scalar(scope, (float) weight));
                weightedTerms = NDArrays.stack(new NDList(termValues.stream().map(NDArray::stopGradient).toList()))
                        .mul(AutogradOperands.scalar(scope, (float) weight));
            }
            return new Partial(weighted, teacherOutput.sum(new int[] {0}, true), teacherOutput.getShape().get(0), teacherOutput,
                    entropy, teacherPatches == null ? null : teacherPatches.sum(new int[] {0}, true), masks == null ? 0 : masks.count(),
                    weightedTerms);
        }
    }

    /**
     * {@code weight · iBOT}: each crop's masked patches weigh {@code 1 / its masked count}, over the share's global
     * crops; weighted by the share's part of the batch like the other terms, the shares' terms add up to DINOv2's
     * term of the whole batch.
     */
    private static NDArray ibotTerm(IbotPatchLoss ibot, NDArray studentPatches, NDArray teacherPatches, ShareMasks masks,
            NDArray center, double teacherTemperature, Dinov2Terms terms, NDManager scope) {
        NDArray targets = terms.centering() == EngineSettings.Centering.CENTER
                ? ibot.centredTargets(teacherPatches, center, teacherTemperature)
                : SinkhornKnopp.assignSummingRows(teacherPatches, teacherTemperature, SinkhornKnopp.DEFAULT_ITERATIONS, terms.group());
        return ibot.compute(studentPatches, targets, masks.weights(), masks.crops())
                .mul(AutogradOperands.scalar(scope, (float) terms.ibotWeight()));
    }

    private static NDArray dinoTerm(DinoLoss loss, NDArray studentOutput, NDArray teacherOutput, NDArray center,
            double teacherTemperature, Dinov2Terms terms) {
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
