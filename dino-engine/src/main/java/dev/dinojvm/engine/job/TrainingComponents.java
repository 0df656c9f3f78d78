package dev.dinojvm.engine.job;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.dinojvm.api.Augmentation;
import dev.dinojvm.api.AugmentationFactory;
import dev.dinojvm.api.Backbone;
import dev.dinojvm.api.BackboneFactory;
import dev.dinojvm.api.Component;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.CropLayout;
import dev.dinojvm.api.Head;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.api.HeadFactory;
import dev.dinojvm.api.MaskedTokens;
import dev.dinojvm.api.ModelRole;
import dev.dinojvm.api.Objective;
import dev.dinojvm.api.ObjectiveFactory;
import dev.dinojvm.api.ObjectiveSetup;
import dev.dinojvm.api.TeacherUpdateFactory;
import dev.dinojvm.api.TeacherUpdateRule;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.config.EngineKeys;
import dev.dinojvm.engine.config.EngineSettings;
import dev.dinojvm.engine.config.Precision;
import dev.dinojvm.engine.parallel.ProcessGroup;
import dev.dinojvm.engine.plugin.ContextLoaderSwap;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.runtime.Tf32;
import dev.dinojvm.engine.train.BatchSource;
import dev.dinojvm.engine.train.DinoNetwork;
import dev.dinojvm.engine.train.IbotMaskDraws;
import dev.dinojvm.engine.train.Objectives;
import dev.dinojvm.engine.train.DinoTrainer;
import dev.dinojvm.engine.train.TrainingRecipe;
import dev.dinojvm.engine.weights.ChannelAdaptation;
import dev.dinojvm.engine.weights.InitialWeights;
import dev.dinojvm.engine.weights.WeightsFileException;
import dev.dinojvm.engine.weights.WeightsFormat;
import dev.dinojvm.engine.weights.WeightsProvenance;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the parts of a training run from the settings and the plugins: the augmentation, the recipe,
 * and the trainer with its student and teacher. {@code dino train} and {@code dino bench} both build
 * through here, so that a benchmark measures exactly what training runs.
 */
public final class TrainingComponents {

    private final DinoSettings settings;
    private final EngineSettings engine;
    private final PluginRegistry registry;
    /** The key with which the standard ViT builds a mask token, named in iBOT's refusal when the backbone has it. */
    private static final String MASK_TOKEN_KEY = "mask-token";

    private WeightsProvenance initialWeights;
    private int maskedPatchSide;
    private boolean drawsMasks;

    /**
     * @param settings the validated configuration
     * @param registry the loaded plugins
     */
    public TrainingComponents(DinoSettings settings, PluginRegistry registry) {
        this.settings = settings;
        this.engine = settings.engine();
        this.registry = registry;
    }

    /** @return the configured augmentation */
    public Augmentation augmentation() {
        return create(ComponentKind.AUGMENTATION, AugmentationFactory.class,
                f -> f.create(settings.component(ComponentKind.AUGMENTATION)));
    }

    /**
     * @param iterationsPerEpoch optimizer steps per epoch
     * @param effectiveBatch images per optimizer step (batch size × accumulation steps × processes), which
     *     scales the learning rate as the reference scales it by its global batch
     * @return the configured recipe
     */
    public TrainingRecipe recipe(long iterationsPerEpoch, int effectiveBatch) {
        EngineSettings.Optimizer optimizer = engine.optimizer();
        return new TrainingRecipe(engine.train().epochs(), iterationsPerEpoch,
                new TrainingRecipe.Optimization(optimizer.scaledLr(effectiveBatch), optimizer.minLr(), optimizer.warmupEpochs(),
                        optimizer.weightDecay(), optimizer.weightDecayEnd(), optimizer.clipGrad(), optimizer.freezeLastLayer(),
                        optimizer.freezeBackboneEpochs()),
                engine.loss());
    }

    /** @return images per optimizer step in this process: the batch size times the accumulation steps */
    public int stepBatch() {
        return engine.train().stepBatch();
    }

    /**
     * Seeds the engine, builds and initialises the master student (from {@code dino.train.init-from} when
     * set), copies it into the master teacher, and wires both into a trainer with one replica per
     * configured device.
     *
     * @param recipe the recipe
     * @param layout the crop layout of the batches
     * @param manager the training manager (the first device)
     * @param seed the run seed
     * @param devices the devices, one replica each
     * @param group the processes training together ({@link ProcessGroup#SINGLE} for this one alone)
     * @return the trainer, to be closed by the caller
     */
    public DinoTrainer trainer(TrainingRecipe recipe, CropLayout layout, NDManager manager, long seed, List<Device> devices,
            ProcessGroup group) {
        Engine.getInstance().setRandomSeed((int) seed);
        DinoNetwork student = network(ModelRole.STUDENT, manager);
        int[] crops = {layout.globalCrops(), layout.totalCrops()};
        ObjectiveSetup setup = Objectives.setup(engine.loss(), crops, student, manager);
        Objective objective = create(ComponentKind.OBJECTIVE, ObjectiveFactory.class,
                f -> f.create(settings.component(ComponentKind.OBJECTIVE), setup));
        drawsMasks = objective.needsPatchOutputs();
        try {
            checkMaskedPatches(student.backbone(), layout);
        } catch (RuntimeException e) {
            objective.close();
            throw e;
        }
        DinoNetwork teacher = network(ModelRole.TEACHER, manager);
        teacher.copyFrom(student);
        startFromInitialWeights(student, teacher);
        TeacherUpdateRule rule = create(ComponentKind.TEACHER_UPDATE, TeacherUpdateFactory.class,
                f -> f.create(settings.component(ComponentKind.TEACHER_UPDATE)));
        Precision precision = engine.train().precision();
        if (precision == Precision.TF32 && devices.get(0).isGpu()) {
            Tf32.allow();
        }
        DinoTrainer.Parallelism parallelism = new DinoTrainer.Parallelism(precision,
                devices, engine.train().accumulateSteps(), group,
                (isTeacher, replicaManager, type) -> network(isTeacher ? ModelRole.TEACHER : ModelRole.STUDENT, replicaManager, type));
        return new DinoTrainer(recipe, student, teacher, rule, objective, manager, parallelism);
    }

    /**
     * When the objective asks for patch outputs (the standard one with iBOT): the backbone must take masks; remembers the
     * patch grid of the global crops for the masks.
     */
    private void checkMaskedPatches(Backbone backbone, CropLayout layout) {
        if (!drawsMasks) {
            return;
        }
        boolean maskTokenKey = settings.component(ComponentKind.BACKBONE).raw(MASK_TOKEN_KEY).isPresent();
        Optional<ConfigProblem> problem = ibotProblem(backbone, settings.componentName(ComponentKind.BACKBONE), maskTokenKey);
        if (problem.isPresent()) {
            throw new ConfigException(List.of(problem.get()));
        }
        maskedPatchSide = layout.globalSize() / ((MaskedTokens) backbone).patchSize();
    }

    /**
     * iBOT replaces masked patches by the backbone's mask token and reads its patch tokens: refused, before any
     * training, with a backbone that cannot.
     *
     * @param backbone the configured backbone
     * @param name its component name
     * @param maskTokenKey whether its settings have the standard ViT's {@code mask-token} key, named in the refusal
     * @return what is wrong, if anything
     */
    static Optional<ConfigProblem> ibotProblem(Backbone backbone, String name, boolean maskTokenKey) {
        if (!(backbone instanceof MaskedTokens tokens)) {
            return Optional.of(new ConfigProblem(EngineKeys.IBOT_LOSS_WEIGHT, "iBOT needs patch tokens with masked patches, which"
                    + " backbone '" + name + "' does not give; set it to 0 or use the vit backbone"));
        }
        if (!tokens.hasMaskToken()) {
            return Optional.of(new ConfigProblem(EngineKeys.IBOT_LOSS_WEIGHT, "iBOT replaces masked patches by a mask token, which"
                    + " this '" + name + "' backbone has not" + (maskTokenKey ? "; set dino.backbone." + MASK_TOKEN_KEY + "=true" : "")));
        }
        return Optional.empty();
    }

    /**
     * The batches a run trains on: each with its masks when the objective of the last {@link #trainer} asks for patch
     * outputs (iBOT), with the mask settings {@code dino.ibot.mask-*}.
     *
     * @param batches the data loader's batches
     * @param seed the run seed
     * @param rank this process's rank
     * @return the batches to train on (those given without iBOT)
     */
    public BatchSource batches(BatchSource batches, long seed, int rank) {
        if (!drawsMasks) {
            return batches;
        }
        return new IbotMaskDraws(batches, engine.loss().ibot(), maskedPatchSide, seed, rank);
    }

    /**
     * @return where the last {@link #trainer} started from (file, format, SHA-256), when {@code
     *     dino.train.init-from} is set
     */
    public Optional<WeightsProvenance> initialWeights() {
        return Optional.ofNullable(initialWeights);
    }

    /** With {@code dino.train.init-from}: both networks start from the file's weights. */
    private void startFromInitialWeights(DinoNetwork student, DinoNetwork teacher) {
        EngineSettings.Init init = engine.train().init();
        if (init.from().isPresent()) {
            try {
                initialWeights = InitialWeights.apply(init.from().get(), WeightsFormat.parse(init.format()), init.strict(),
                        ChannelAdaptation.forTraining(init.adaptChannels()), student, teacher,
                        System.out);
            } catch (WeightsFileException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    /**
     * @param role student or teacher
     * @param manager where its parameters live
     * @return a new fp32 network with the configured backbone and head, initialised from the engine's generator
     */
    public DinoNetwork network(ModelRole role, NDManager manager) {
        return network(role, manager, DataType.FLOAT32);
    }

    private DinoNetwork network(ModelRole role, NDManager manager, DataType type) {
        Backbone backbone = create(ComponentKind.BACKBONE, BackboneFactory.class,
                f -> f.create(settings.component(ComponentKind.BACKBONE), role));
        Head head = create(ComponentKind.HEAD, HeadFactory.class,
                f -> f.create(settings.component(ComponentKind.HEAD), backbone.outputDim()));
        EngineSettings.Ibot ibot = engine.loss().ibot();
        Head patchHead = ibot.enabled() && ibot.separateHead() ? create(ComponentKind.HEAD, HeadFactory.class,
                f -> f.create(settings.component(ComponentKind.HEAD), backbone.outputDim())) : null;
        return new DinoNetwork(backbone, head, patchHead, manager, type);
    }

    private <F extends Component, T> T create(ComponentKind kind, Class<F> type, Function<F, T> creation) {
        F factory = registry.require(kind, settings.componentName(kind), type);
        try (ContextLoaderSwap swap = ContextLoaderSwap.of(factory)) {
            return creation.apply(factory);
        }
    }
}
