package dev.dinojvm.engine.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.dinojvm.api.CropLayout;
import dev.dinojvm.api.MaskedTokens;
import dev.dinojvm.api.Objective;
import dev.dinojvm.api.PatchMasks;
import dev.dinojvm.api.StatisticSums;
import dev.dinojvm.api.TeacherUpdateRule;
import dev.dinojvm.api.TrainingProgress;
import dev.dinojvm.engine.config.Precision;
import dev.dinojvm.engine.data.CropBatch;
import dev.dinojvm.engine.parallel.ProcessGroup;
import dev.dinojvm.engine.plugin.ContextLoaderSwap;
import dev.dinojvm.engine.util.GradientMode;
import dev.dinojvm.engine.util.HostReads;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One DINO training step (main_dino.py, train_one_epoch): teacher on the global views without gradient,
 * student on all views, the objective's loss (by default the standard objective: DINO's loss with its centre), backward,
 * per-tensor clipping, AdamW with the last layer frozen early, teacher update, then the objective's state update.
 *
 * <p>The weights that are optimised, averaged into the teacher and checkpointed are the fp32 masters
 * ({@link #student()}, {@link #teacher()}). They are computed with by one {@link Replica} per device:
 * the masters themselves on one device in fp32, copies otherwise (other devices, fp16). A step splits
 * its batch by images into {@code microBatches} accumulation steps and each of those across the replicas,
 * which run their forward and backward passes on their own threads at once; each share's loss is weighted
 * by its part of the batch, so that the summed gradients are those of the whole batch. Gradients and the
 * objective's statistics (the teacher-output sums for the centre) then cross processes through the {@link ProcessGroup}.
 */
public final class DinoTrainer implements AutoCloseable {

    private final TrainingRecipe recipe;
    private final DinoNetwork student;
    private final DinoNetwork teacher;
    private final TeacherUpdateRule teacherUpdate;
    private final Objective objective;
    private final AdamW optimizer;
    private final List<NamedParameter> trainable;
    private final NDManager manager;
    private final List<Replica> replicas;
    private final List<NDManager> replicaManagers;
    private final LossScaler scaler;
    private final ProcessGroup group;
    private final int microBatches;
    private final ExecutorService threads;
    private final List<NDArray> masterGradients;
    private StepTimer timer;

    /**
     * What one step did.
     *
     * @param iteration the 0-based global iteration
     * @param loss the loss, or NaN when the step did not read it (see {@link #lossRead})
     * @param lossRead whether the loss was copied to the host and checked
     * @param values the schedule values used
     * @param teacherMomentum the teacher momentum used
     * @param scalesLoss whether the run scales its loss (fp16)
     * @param lossScale the loss scale after the step (1 without loss scaling)
     * @param skippedSteps optimizer steps skipped so far for non-finite gradients (fp16)
     * @param teacherEntropy the mean entropy of the teacher's centred, sharpened distributions, or NaN when
     *     the loss was not read or the objective has none ({@link Objective#teacherEntropy})
     * @param lossTerms each term of the objective by name (the standard one's {@code dino}, {@code ibot}, {@code koleo}), weighted as in the
     *     loss, which is their sum; empty when the loss was not read
     */
    public record StepResult(long iteration, float loss, boolean lossRead, TrainingRecipe.Values values, double teacherMomentum,
            boolean scalesLoss, double lossScale, long skippedSteps, float teacherEntropy, Map<String, Float> lossTerms) {

        /** @return the KL divergence between the teacher's and the student's distributions: the loss minus the teacher's entropy */
        public float teacherStudentKl() {
            return loss - teacherEntropy;
        }
    }

    /**
     * How the student and teacher are computed with.
     *
     * @param precision fp32, fp16 (with loss scaling) or tf32
     * @param devices one replica per device; the first holds the masters
     * @param microBatches accumulation steps per optimizer step
     * @param group the processes training together
     * @param networks builds a replica's networks
     */
    public record Parallelism(Precision precision, List<Device> devices, int microBatches, ProcessGroup group, NetworkFactory networks) {}

    /** Builds a network for a replica. */
    @FunctionalInterface
    public interface NetworkFactory {
        /**
         * @param teacher whether it is the teacher
         * @param manager the replica's manager (device)
         * @param type the parameter type
         * @return a new, initialised network
         */
        DinoNetwork create(boolean teacher, NDManager manager, DataType type);
    }

    /**
     * A trainer on one device, in fp32, without accumulation.
     *
     * @param recipe schedules and hyper-parameters
     * @param student the student, initialised
     * @param teacher the teacher, same architecture, initialised with the student's weights
     * @param teacherUpdate how the teacher follows the student
     * @param crops global and total view counts: {@code crops[0]} global, {@code crops[1]} all
     * @param manager the training manager (device)
     */
    public DinoTrainer(TrainingRecipe recipe, DinoNetwork student, DinoNetwork teacher,
            TeacherUpdateRule teacherUpdate, int[] crops, NDManager manager) {
        this(recipe, student, teacher, teacherUpdate, crops, manager,
                new Parallelism(Precision.FP32, List.of(manager.getDevice()), 1, ProcessGroup.SINGLE, null));
    }

    /**
     * @param recipe schedules and hyper-parameters
     * @param student the master student, initialised, on the first device
     * @param teacher the master teacher, initialised with the student's weights
     * @param teacherUpdate how the teacher follows the student
     * @param crops global and total view counts: {@code crops[0]} global, {@code crops[1]} all
     * @param manager the training manager (the first device)
     * @param parallelism precision, devices, accumulation and process group
     */
    public DinoTrainer(TrainingRecipe recipe, DinoNetwork student, DinoNetwork teacher,
            TeacherUpdateRule teacherUpdate, int[] crops, NDManager manager, Parallelism parallelism) {
        this(recipe, student, teacher, teacherUpdate, Objectives.standard(recipe.loss(), crops, student, manager), manager, parallelism);
    }

    /**
     * @param recipe schedules and hyper-parameters
     * @param student the master student, initialised, on the first device
     * @param teacher the master teacher, initialised with the student's weights
     * @param teacherUpdate how the teacher follows the student
     * @param objective the loss and its state (closed with the trainer)
     * @param manager the training manager (the first device)
     * @param parallelism precision, devices, accumulation and process group
     */
    public DinoTrainer(TrainingRecipe recipe, DinoNetwork student, DinoNetwork teacher,
            TeacherUpdateRule teacherUpdate, Objective objective, NDManager manager, Parallelism parallelism) {
        this.recipe = recipe;
        this.student = student;
        this.teacher = teacher;
        this.teacherUpdate = teacherUpdate;
        this.manager = manager;
        teacher.stopGradients();
        this.objective = objective;
        if (objective.needsPatchOutputs() && !(student.backbone() instanceof MaskedTokens tokens && tokens.hasMaskToken())) {
            // the configuration refuses this first (dino.ibot.loss-weight)
            throw new IllegalArgumentException("the objective needs patch outputs at masked patches: a backbone with a mask token");
        }
        if (objective.needsWholeBatch() && (parallelism.microBatches() > 1 || parallelism.devices().size() > 1)) {
            // the configuration refuses this first (dino.teacher.centering, dino.student.koleo-weight)
            throw new IllegalArgumentException("the objective needs the whole batch in one pass (Sinkhorn-Knopp, KoLeo):"
                    + " no accumulation, one device");
        }
        this.optimizer = new AdamW(manager);
        this.trainable = student.trainableParameters();
        this.group = parallelism.group();
        this.microBatches = parallelism.microBatches();
        this.scaler = parallelism.precision().scalesLoss() ? new LossScaler() : null;
        this.replicaManagers = new ArrayList<>();
        this.replicas = replicas(parallelism);
        this.threads = replicas.size() == 1 ? null : Executors.newFixedThreadPool(replicas.size(), new ReplicaThreads());
        boolean direct = replicas.size() == 1 && replicas.get(0).sharesMasters();
        this.masterGradients = direct ? null : gradientBuffers();
        if (!direct) {
            // The masters are updated from summed gradients only: they need no gradient of their own.
            trainable.forEach(p -> p.parameter().getArray().setRequiresGradient(false));
        }
    }

    private List<Replica> replicas(Parallelism parallelism) {
        DataType type = parallelism.precision().computeType();
        List<Replica> result = new ArrayList<>();
        for (Device device : parallelism.devices()) {
            // One fp32 replica on the masters' device computes with the masters themselves; otherwise every
            // replica has copies, and the masters only receive the summed gradients.
            if (parallelism.devices().size() == 1 && type == DataType.FLOAT32 && device.equals(manager.getDevice())) {
                result.add(Replica.ofMasters(student, teacher));
                continue;
            }
            NDManager replicaManager = device.equals(manager.getDevice()) ? manager.newSubManager() : NDManager.newBaseManager(device);
            replicaManagers.add(replicaManager);
            result.add(Replica.ofCopies(parallelism.networks().create(false, replicaManager, type),
                    parallelism.networks().create(true, replicaManager, type), student, teacher));
        }
        return List.copyOf(result);
    }

    private List<NDArray> gradientBuffers() {
        NDManager buffers = manager.newSubManager();
        replicaManagers.add(buffers);
        List<NDArray> result = new ArrayList<>();
        for (NamedParameter p : trainable) {
            NDArray weight = p.parameter().getArray();
            result.add(buffers.zeros(weight.getShape(), DataType.FLOAT32, weight.getDevice()));
        }
        return result;
    }

    /**
     * Sets the timer told about each phase of later steps (forward, loss and backward only with one replica).
     *
     * @param timer the timer, or {@code null} for none (the default)
     */
    public void setStepTimer(StepTimer timer) {
        this.timer = timer;
    }

    /**
     * Runs one iteration on a host batch: splits it into micro-batches and each of those across the
     * replicas, each share's views created on its replica's device, then sums, checks and updates.
     *
     * @param iteration the 0-based global iteration
     * @param batch this process's equal share of the global batch (all of it for a single process)
     * @param readLoss whether to copy the loss to the host and check that it is finite
     * @return the loss (NaN when not read) and the schedule values used
     * @throws NonFiniteLossException when the loss is read and is NaN or infinite (nothing is updated then)
     */
    public StepResult step(long iteration, CropBatch batch, boolean readLoss) {
        startTimer();
        List<NDManager> scopes = new ArrayList<>();
        try {
            for (Replica replica : replicas) {
                scopes.add(replica.sharesMasters() ? manager.newSubManager() : managerOf(replica).newSubManager());
            }
            List<Replica.Partial> partials = forwardBackward(iteration, batch, scopes, readLoss);
            return finish(iteration, partials, readLoss, () -> NonFiniteValues.allFinite(batch.globalViews())
                    && NonFiniteValues.allFinite(batch.localViews()));
        } finally {
            scopes.forEach(NDManager::close);
        }
    }

    /**
     * The forward and backward passes of every micro-batch, each split across the replicas, which run at
     * once on their own threads; each share's loss is weighted by its part of the whole batch.
     */
    private List<Replica.Partial> forwardBackward(long iteration, CropBatch batch, List<NDManager> scopes, boolean diagnose) {
        double temperature = recipe.at(iteration).teacherTemperature();
        if (objective.needsPatchOutputs() && batch.masks() == null) {
            throw new IllegalArgumentException("the objective needs masked patches but the batch has no masks");
        }
        // The batch is this process's share (its data loader prepared only that); the loss is the mean over all shares.
        double wholeBatch = (double) batch.batchSize() * group.worldSize();
        List<Replica.Partial> partials = new ArrayList<>();
        for (int[] micro : BatchSplit.ranges(0, batch.batchSize(), microBatches)) {
            List<int[]> shares = BatchSplit.ranges(micro[0], micro[1], replicas.size());
            List<Future<Replica.Partial>> running = new ArrayList<>();
            for (int r = 0; r < replicas.size(); r++) {
                int[] share = shares.get(r);
                if (share[1] == share[0]) {
                    continue; // more replicas than images in this micro-batch
                }
                Callable<Replica.Partial> work = shareWork(r, scopes.get(r), batch, share, iteration, temperature,
                        (share[1] - share[0]) / wholeBatch, diagnose);
                running.add(threads == null ? CompletableFuture.completedFuture(call(work)) : threads.submit(work));
            }
            for (Future<Replica.Partial> future : running) {
                partials.add(await(future));
            }
        }
        if (replicas.size() > 1) {
            lap(StepTimer.Phase.REPLICAS);
        }
        return partials;
    }

    /** Replica {@code r}'s forward and backward passes on images {@code [share[0], share[1])}. */
    private Callable<Replica.Partial> shareWork(int r, NDManager scope, CropBatch batch, int[] share, long iteration, double temperature,
            double weight, boolean diagnose) {
        Replica replica = replicas.get(r);
        return () -> {
            long started = System.nanoTime();
            Replica.Partial partial = replica.forwardBackward(views(scope, batch, true, share, replica),
                    views(scope, batch, false, share, replica), share[1] - share[0],
                    objective.needsPatchOutputs() ? masks(scope, batch, share, replica.device()) : null, objective, temperature,
                    iteration, weight, lossScale(), replicas.size() == 1 ? timer : null, group, diagnose);
            if (timer != null && replicas.size() > 1) {
                timer.replicaRan(r, started, System.nanoTime());
            }
            return partial;
        };
    }

    /** Everything after the forward and backward passes, in the reference's order; each concern is a method below. */
    private StepResult finish(long iteration, List<Replica.Partial> partials, boolean readLoss, BooleanSupplier inputsFinite) {
        // The updates below change leaves in place: recording must be off, whichever thread runs the step.
        try (GradientMode off = GradientMode.set(false); NDManager scope = manager.newSubManager()) {
            Sums sums = sum(partials, scope, readLoss);
            float[] read = readLoss ? finiteLoss(iteration, sums, partials, inputsFinite) : new float[] {Float.NaN, Float.NaN};
            if (partials.stream().allMatch(partial -> partial.weightedEntropy() == null)) {
                read[1] = Float.NaN; // the objective has no teacher distributions to diagnose
            }
            if (unscaledGradientsUsable(iteration, sums.gradients(), scope)) {
                updateStudent(iteration, sums.gradients());
            }
            replicas.forEach(Replica::clearGradients);
            lap(StepTimer.Phase.OPTIMIZER);
            // Like the official loop, the teacher and the center move on a skipped step too.
            double momentum = updateTeacher(iteration);
            lap(StepTimer.Phase.TEACHER_UPDATE);
            try (ContextLoaderSwap swap = ContextLoaderSwap.of(objective)) {
                objective.update(sums.statistics());
            }
            refreshReplicas();
            lap(StepTimer.Phase.CENTER);
            Map<String, Float> terms = new LinkedHashMap<>();
            List<String> names = objective.termNames();
            for (int i = 0; readLoss && i < names.size(); i++) {
                terms.put(names.get(i), read[2 + i]);
            }
            return new StepResult(iteration, read[0], readLoss, recipe.at(iteration), momentum, scaler != null, lossScale(),
                    scaler == null ? 0 : scaler.skippedSteps(), read[1], Collections.unmodifiableMap(terms));
        }
    }

    /**
     * A step's sums over the replicas' shares and all processes, on the first device.
     *
     * @param loss the loss of the whole batch
     * @param gradients the gradients of the masters' trainable parameters
     * @param teacherEntropy the teacher's mean entropy, on the steps that read the loss and with an objective that gives
     *     it (else zero)
     * @param terms the weighted loss terms, on the steps that read the loss (else zeros)
     * @param statistics the objective's statistics over the whole batch, for its update
     */
    private record Sums(NDArray loss, List<NDArray> gradients, NDArray teacherEntropy, NDArray terms, StatisticSums statistics) {}

    private Sums sum(List<Replica.Partial> partials, NDManager scope, boolean withEntropy) {
        NDArray lossSum = scope.zeros(new Shape(), DataType.FLOAT32);
        NDArray entropySum = scope.zeros(new Shape(), DataType.FLOAT32);
        NDArray termSums = scope.zeros(new Shape(objective.termNames().size()), DataType.FLOAT32);
        Map<String, NDArray> statistics = new LinkedHashMap<>();
        objective.statistics().forEach((name, shape) -> statistics.put(name, scope.zeros(shape, DataType.FLOAT32)));
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Replica.Partial partial : partials) {
            lossSum.addi(onPrimary(partial.weightedLoss(), scope));
            if (partial.weightedTerms() != null) {
                if (partial.weightedEntropy() != null) {
                    entropySum.addi(onPrimary(partial.weightedEntropy(), scope));
                }
                termSums.addi(onPrimary(partial.weightedTerms(), scope));
            }
            statistics.forEach((name, sum) -> sum.addi(onPrimary(partial.statistics().get(name), scope)));
            partial.counts().forEach((name, count) -> counts.merge(name, count, Long::sum));
        }
        Map<String, NDArray> contribution;
        try (ContextLoaderSwap swap = ContextLoaderSwap.of(objective)) {
            contribution = new LinkedHashMap<>(objective.processContribution(new StatisticSums(statistics, counts, group.worldSize())));
        }
        List<NDArray> gradients = gradients(scope);
        List<NDArray> reduced = new ArrayList<>(gradients);
        reduced.add(lossSum);
        reduced.addAll(contribution.values());
        if (withEntropy) {
            reduced.add(entropySum); // every process reads the loss on the same iterations
            reduced.add(termSums);
        }
        group.sumInPlace(reduced);
        return new Sums(lossSum, gradients, entropySum, termSums, new StatisticSums(contribution, counts, group.worldSize()));
    }

    /**
     * Reads the loss, the teacher's entropy and the loss terms to the host in one transfer: a non-finite loss
     * stops the run before anything is updated.
     *
     * @return the loss, the teacher's entropy, then the terms in {@link Objective#termNames()} order
     */
    private float[] finiteLoss(long iteration, Sums sums, List<Replica.Partial> partials, BooleanSupplier inputsFinite) {
        float[] values;
        try (NDManager scope = manager.newSubManager()) {
            NDArray all = NDArrays.concat(new NDList(NDArrays.stack(new NDList(sums.loss(), sums.teacherEntropy())), sums.terms()));
            all.attach(scope);
            values = HostReads.floats(all, HostReads.Reason.LOSS);
        }
        if (!Float.isFinite(values[0])) {
            replicas.forEach(Replica::clearGradients);
            throw new NonFiniteLossException(iteration, values[0], NonFiniteValues.diagnose(inputsFinite, student, partials, objective.state()));
        }
        return values;
    }

    /**
     * With loss scaling, divides the gradients by the scale and lets the scaler see whether they are finite
     * (PyTorch's {@code GradScaler.unscale_} and {@code update}).
     *
     * @return whether the optimizer may step: always without loss scaling
     * @throws NonFiniteLossException when the scale has fallen below 1
     */
    private boolean unscaledGradientsUsable(long iteration, List<NDArray> gradients, NDManager scope) {
        if (scaler == null) {
            return true;
        }
        float inverse = (float) (1 / scaler.scale());
        gradients.forEach(g -> g.muli(inverse));
        boolean usable = scaler.update(NonFiniteValues.gradientsFinite(gradients, scope));
        if (scaler.exhausted()) {
            throw new NonFiniteLossException(iteration, "the fp16 loss scale fell below 1 after " + scaler.skippedSteps()
                    + " skipped steps: the gradients overflow fp16 whatever the scale; train with dino.train.precision=fp32");
        }
        return usable;
    }

    /** Per-tensor clipping, then AdamW on the masters, with the last layer and the backbone held while their schedules say. */
    private void updateStudent(long iteration, List<NDArray> gradients) {
        TrainingRecipe.Values values = recipe.at(iteration);
        GradientClipping.clipPerTensor(gradients, recipe.optimization().clipGrad());
        lap(StepTimer.Phase.CLIPPING);
        optimizer.step(trainable, gradients, values.learningRate(), values.weightDecay(),
                p -> (values.lastLayerFrozen() && p.lastLayer()) || (values.backboneFrozen() && p.backbone()));
    }

    /** @return the momentum the teacher update used */
    private double updateTeacher(long iteration) {
        TrainingProgress progress = recipe.progress(iteration);
        try (ContextLoaderSwap swap = ContextLoaderSwap.of(teacherUpdate)) {
            teacherUpdate.update(teacher.parameters(), student.parameters(), progress);
            return teacherUpdate.momentum(progress);
        }
    }

    /**
     * The gradients of the masters' trainable parameters: the masters' own when they computed the step,
     * otherwise the replicas' gradients summed, in fp32, on the first device.
     */
    private List<NDArray> gradients(NDManager scope) {
        if (masterGradients == null) {
            List<NDArray> own = replicas.get(0).gradients();
            own.forEach(g -> g.attach(scope));
            return own;
        }
        for (int r = 0; r < replicas.size(); r++) {
            List<NDArray> replicaGradients = replicas.get(r).gradients();
            for (int i = 0; i < masterGradients.size(); i++) {
                NDArray target = masterGradients.get(i);
                NDArray gradient = replicaGradients.get(i);
                gradient.attach(scope);
                NDArray converted = gradient.toType(DataType.FLOAT32, false).toDevice(target.getDevice(), false);
                converted.attach(scope);
                if (r == 0) {
                    target.set(new NDIndex("..."), converted);
                } else {
                    target.addi(converted);
                }
            }
        }
        return masterGradients;
    }

    private NDArray onPrimary(NDArray array, NDManager scope) {
        NDArray moved = array.toDevice(manager.getDevice(), false);
        if (moved != array) {
            moved.attach(scope);
        }
        return moved;
    }

    /** iBOT's masks of images {@code [share[0], share[1])}, with the positions and weights the loss needs, on the device. */
    private static PatchMasks masks(NDManager scope, CropBatch batch, int[] share, Device device) {
        int views = batch.layout().globalCrops();
        int images = share[1] - share[0];
        int patches = batch.masks()[0].length;
        float[] flags = new float[views * images * patches];
        List<Long> indices = new ArrayList<>();
        List<Float> weights = new ArrayList<>();
        for (int v = 0; v < views; v++) {
            for (int i = 0; i < images; i++) {
                int crop = v * images + i;
                boolean[] mask = batch.masks()[v * batch.batchSize() + share[0] + i];
                int masked = 0;
                for (boolean m : mask) {
                    masked += m ? 1 : 0;
                }
                for (int p = 0; p < patches; p++) {
                    if (mask[p]) {
                        flags[crop * patches + p] = 1;
                        indices.add((long) crop * patches + p);
                        weights.add(1f / masked);
                    }
                }
            }
        }
        float[] weightArray = new float[weights.size()];
        for (int i = 0; i < weightArray.length; i++) {
            weightArray[i] = weights.get(i);
        }
        long[] indexArray = indices.stream().mapToLong(Long::longValue).toArray();
        return new PatchMasks(onto(scope.create(flags, new Shape((long) views * images, patches)), device, scope),
                onto(scope.create(indexArray, new Shape(indexArray.length)), device, scope),
                onto(scope.create(weightArray, new Shape(weightArray.length)), device, scope), indexArray.length, (long) views * images);
    }

    /**
     * A host-made array in libtorch memory on the device (DJL frees the Java buffer it was made from). On the
     * array's own device, {@code toDevice(device, true)} gives a second handle on the same Java-owned memory, not a
     * copy, so the copy is made with {@code duplicate()} there.
     */
    private static NDArray onto(NDArray array, Device device, NDManager scope) {
        NDArray copy = array.getDevice().equals(device) ? array.duplicate() : array.toDevice(device, true);
        copy.attach(scope);
        return copy;
    }

    private NDManager managerOf(Replica replica) {
        return replicaManagers.get(replicas.indexOf(replica));
    }

    private double lossScale() {
        return scaler == null ? 1 : scaler.scale();
    }

    /** The views of images {@code [share[0], share[1])} of a host batch, on the replica's device, in its compute type. */
    private static NDArray views(NDManager scope, CropBatch batch, boolean global, int[] share, Replica replica) {
        CropLayout layout = batch.layout();
        int count = global ? layout.globalCrops() : layout.localCrops();
        if (count == 0) {
            return null;
        }
        int size = global ? layout.globalSize() : layout.localSize();
        int length = global ? batch.globalViewLength() : batch.localViewLength();
        float[] source = global ? batch.globalViews() : batch.localViews();
        int images = share[1] - share[0];
        float[] data;
        if (images == batch.batchSize()) {
            data = source;
        } else {
            data = new float[count * images * length];
            for (int v = 0; v < count; v++) {
                int from = global ? batch.globalOffset(v, share[0]) : batch.localOffset(v, share[0]);
                System.arraycopy(source, from, data, v * images * length, images * length);
            }
        }
        NDArray array = scope.create(data, new Shape((long) count * images, length / (size * size), size, size));
        return cast(array, replica);
    }

    /** Input crops are cast once per step to the replica's compute type. */
    private static NDArray cast(NDArray views, Replica replica) {
        if (views == null || views.getDataType() == replica.computeType()) {
            return views;
        }
        NDArray cast = views.toType(replica.computeType(), false);
        cast.attach(views.getManager());
        return cast;
    }

    private void startTimer() {
        if (timer != null) {
            timer.stepStarted();
        }
    }

    private void lap(StepTimer.Phase phase) {
        if (timer != null) {
            timer.phaseEnded(phase);
        }
    }

    /** @return the objective, for its state */
    public Objective objective() {
        return objective;
    }

    /** @return the optimizer, for its state */
    public AdamW optimizer() {
        return optimizer;
    }

    /** @return the loss scaler of an fp16 run, for its state; {@code null} otherwise */
    public LossScaler lossScaler() {
        return scaler;
    }

    /**
     * Replaces the loss scaler's state, from a checkpoint (ignored without loss scaling).
     *
     * @param state the stored state
     */
    public void restoreLossScaler(LossScaler state) {
        if (scaler != null) {
            scaler.restore(state);
        }
    }

    /** @return the master student (fp32) */
    public DinoNetwork student() {
        return student;
    }

    /** @return the master teacher (fp32) */
    public DinoNetwork teacher() {
        return teacher;
    }

    /** @return the recipe */
    public TrainingRecipe recipe() {
        return recipe;
    }

    /** @return how many replicas compute each step */
    public int replicaCount() {
        return replicas.size();
    }

    /** @return the replicas' devices, in order */
    public List<Device> devices() {
        return replicas.stream().map(Replica::device).toList();
    }

    /** Copies the masters into the replicas again, after they were changed from outside (a restored checkpoint). */
    public void refreshReplicas() {
        replicas.forEach(replica -> replica.refreshFrom(student, teacher));
    }

    private static Replica.Partial call(Callable<Replica.Partial> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Replica.Partial await(Future<Replica.Partial> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a training step", e);
        }
    }

    @Override
    public void close() {
        if (threads != null) {
            threads.shutdownNow();
        }
        objective.close();
        optimizer.close();
        replicaManagers.forEach(NDManager::close);
    }

    /** Names the replica threads and keeps them from holding the JVM open. */
    private static final class ReplicaThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "dino-replica-" + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        }
    }
}
