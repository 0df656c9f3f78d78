package dev.dinojvm.plugins.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.dinojvm.api.AutogradOperands;
import dev.dinojvm.api.Objective;
import dev.dinojvm.api.ObjectiveBatch;
import dev.dinojvm.api.ObjectiveOutput;
import dev.dinojvm.api.ObjectiveSetup;
import dev.dinojvm.api.StatisticSums;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard objective: DINO's loss ({@link DinoLoss}) with the teacher centred by a running centre or by
 * Sinkhorn-Knopp, plus DINOv2's iBOT patch term ({@link IbotPatchLoss}, with its own centre) and KoLeo regulariser
 * ({@link KoLeoLoss}) when their weights are above 0. Its terms are {@code dino}, then {@code ibot} and {@code koleo}
 * when on, each weighted as in the loss.
 */
public final class DinoObjective implements Objective {

    /** The name of the DINO centre in checkpoints. */
    public static final String CENTER_STATE = "center";
    /** The name of the iBOT centre in checkpoints, beside the DINO term's. */
    public static final String IBOT_CENTER_STATE = "ibot_center";

    private static final String TEACHER_SUM = "teacher-sum";
    private static final String TEACHER_ROWS = "teacher-rows";
    private static final String IBOT_TEACHER_SUM = "ibot-teacher-sum";
    private static final String MASKED_PATCHES = "masked-patches";

    private final DinoLoss loss;
    private final IbotPatchLoss ibot;
    private final boolean sinkhornKnopp;
    private final double koleoWeight;
    private final double ibotWeight;

    /**
     * @param setup the run's views and dimensions
     * @param studentTemperature the student's softmax temperature (0.1)
     * @param centerMomentum the momentum of the running centres (0.9)
     * @param sinkhornKnopp whether the teacher is centred by Sinkhorn-Knopp instead of the running centre (DINO and iBOT)
     * @param koleoWeight the weight of KoLeo on the student's features of each global view, 0 for none
     * @param ibotWeight the weight of the iBOT term, 0 for none
     */
    public DinoObjective(ObjectiveSetup setup, double studentTemperature, double centerMomentum, boolean sinkhornKnopp,
            double koleoWeight, double ibotWeight) {
        this.loss = new DinoLoss(setup.manager(), setup.outputDim(), setup.globalViews(), setup.allViews(), studentTemperature,
                centerMomentum);
        this.ibot = ibotWeight > 0 ? new IbotPatchLoss(setup.manager(), setup.patchOutputDim(), studentTemperature, centerMomentum)
                : null;
        this.sinkhornKnopp = sinkhornKnopp;
        this.koleoWeight = koleoWeight;
        this.ibotWeight = ibotWeight;
    }

    @Override
    public List<String> termNames() {
        List<String> names = new ArrayList<>(List.of("dino"));
        if (ibot != null) {
            names.add("ibot");
        }
        if (koleoWeight > 0) {
            names.add("koleo");
        }
        return List.copyOf(names);
    }

    @Override
    public boolean needsPatchOutputs() {
        return ibot != null;
    }

    @Override
    public boolean needsStudentFeatures() {
        return koleoWeight > 0;
    }

    /** Sinkhorn-Knopp assigns the whole batch at once and KoLeo's neighbours are in the whole batch. */
    @Override
    public boolean needsWholeBatch() {
        return sinkhornKnopp || koleoWeight > 0;
    }

    @Override
    public Map<String, Shape> statistics() {
        Map<String, Shape> statistics = new LinkedHashMap<>();
        statistics.put(TEACHER_SUM, loss.center().getShape());
        if (ibot != null) {
            statistics.put(IBOT_TEACHER_SUM, ibot.center().getShape());
        }
        return statistics;
    }

    @Override
    public ObjectiveOutput loss(ObjectiveBatch batch) {
        NDManager scope = batch.manager();
        NDArray teacherOutput = batch.teacherOutputs();
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("dino", dinoTerm(batch));
        if (ibot != null) {
            terms.put("ibot", ibotTerm(batch));
        }
        if (koleoWeight > 0) {
            terms.put("koleo", koleo(batch.studentFeatures(), batch.images(), scope));
        }
        Map<String, NDArray> statistics = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        statistics.put(TEACHER_SUM, teacherOutput.sum(new int[] {0}, true));
        counts.put(TEACHER_ROWS, teacherOutput.getShape().get(0));
        if (ibot != null) {
            statistics.put(IBOT_TEACHER_SUM, batch.teacherPatchOutputs().sum(new int[] {0}, true));
            counts.put(MASKED_PATCHES, batch.masks().count());
        }
        return new ObjectiveOutput(terms, statistics, counts);
    }

    private NDArray dinoTerm(ObjectiveBatch batch) {
        NDArray studentOutput = batch.studentOutputs();
        NDArray teacherOutput = batch.teacherOutputs();
        if (!sinkhornKnopp) {
            return loss.compute(studentOutput, teacherOutput, onDevice(loss.center(), teacherOutput, batch.manager()),
                    batch.teacherTemperature());
        }
        long rows = teacherOutput.getShape().get(0) * batch.sums().worldSize();
        NDArray targets = SinkhornKnopp.assign(teacherOutput, batch.teacherTemperature(), SinkhornKnopp.DEFAULT_ITERATIONS, rows,
                batch.sums());
        return loss.computeFromTargets(studentOutput, targets);
    }

    /**
     * {@code weight · iBOT}: each crop's masked patches weigh {@code 1 / its masked count}, over the share's global
     * crops; weighted by the share's part of the batch like the other terms, the shares' terms add up to DINOv2's
     * term of the whole batch.
     */
    private NDArray ibotTerm(ObjectiveBatch batch) {
        NDArray teacherPatches = batch.teacherPatchOutputs();
        NDArray targets = !sinkhornKnopp
                ? ibot.centredTargets(teacherPatches, onDevice(ibot.center(), teacherPatches, batch.manager()), batch.teacherTemperature())
                : SinkhornKnopp.assignSummingRows(teacherPatches, batch.teacherTemperature(), SinkhornKnopp.DEFAULT_ITERATIONS,
                        batch.sums());
        return ibot.compute(batch.studentPatchOutputs(), targets, batch.masks().weights(), batch.masks().crops())
                .mul(AutogradOperands.scalar(batch.manager(), (float) ibotWeight));
    }

    /** {@code weight · Σ_v KoLeo(features of global view v)}, DINOv2's sum over the global crops (not across them). */
    private NDArray koleo(NDArray globalFeatures, long images, NDManager scope) {
        long views = globalFeatures.getShape().get(0) / images;
        NDArray sum = null;
        for (long v = 0; v < views; v++) {
            NDArray term = KoLeoLoss.compute(globalFeatures.get(v * images + ":" + (v + 1) * images));
            sum = sum == null ? term : sum.add(term);
        }
        return sum.mul(AutogradOperands.scalar(scope, (float) koleoWeight));
    }

    @Override
    public NDArray teacherEntropy(ObjectiveBatch batch) {
        NDArray teacherOutput = batch.teacherOutputs();
        return loss.teacherEntropy(teacherOutput, onDevice(loss.center(), teacherOutput, batch.manager()), batch.teacherTemperature());
    }

    /** DINOv2 averages each process's mean of its masked patches (a process without any adds a zero mean). */
    @Override
    public Map<String, NDArray> processContribution(StatisticSums processSums) {
        if (ibot == null) {
            return processSums.arrays();
        }
        Map<String, NDArray> contribution = new LinkedHashMap<>(processSums.arrays());
        long maskedPatches = processSums.processCounts().getOrDefault(MASKED_PATCHES, 0L);
        NDArray sum = contribution.get(IBOT_TEACHER_SUM);
        contribution.put(IBOT_TEACHER_SUM, maskedPatches == 0 ? sum : sum.divi((float) maskedPatches));
        return contribution;
    }

    /** The reference's centre updates: {@code all_reduce(sum(teacher_output)) / (rows · world_size)}, and iBOT's mean of means. */
    @Override
    public void update(StatisticSums sums) {
        loss.updateCenter(sums.arrays().get(TEACHER_SUM), sums.processCounts().get(TEACHER_ROWS) * sums.worldSize());
        if (ibot != null) {
            NDArray mean = sums.arrays().get(IBOT_TEACHER_SUM);
            if (sums.worldSize() > 1) {
                mean.divi((float) sums.worldSize());
            }
            ibot.updateCenter(mean);
        }
    }

    @Override
    public Map<String, NDArray> state() {
        Map<String, NDArray> state = new LinkedHashMap<>();
        state.put(CENTER_STATE, loss.center());
        if (ibot != null) {
            state.put(IBOT_CENTER_STATE, ibot.center());
        }
        return state;
    }

    @Override
    public void restoreState(Map<String, NDArray> stored) {
        loss.setCenter(stored.get(CENTER_STATE).toFloatArray());
        if (ibot != null) {
            ibot.setCenter(stored.get(IBOT_CENTER_STATE).toFloatArray());
        }
    }

    /** @return the DINO term's loss, with its centre */
    public DinoLoss dinoLoss() {
        return loss;
    }

    /** @return the iBOT term's loss, with its centre, or {@code null} without iBOT */
    public IbotPatchLoss ibotLoss() {
        return ibot;
    }

    /** A replica on another device computes with its own copy of a centre. */
    private static NDArray onDevice(NDArray center, NDArray output, NDManager scope) {
        if (center.getDevice().equals(output.getDevice())) {
            return center;
        }
        NDArray copy = center.toDevice(output.getDevice(), true);
        copy.attach(scope);
        return copy;
    }

    @Override
    public void close() {
        loss.close();
        if (ibot != null) {
            ibot.close();
        }
    }
}
