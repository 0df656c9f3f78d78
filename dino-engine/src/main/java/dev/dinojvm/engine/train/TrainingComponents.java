package dev.dinojvm.engine.train;

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
import dev.dinojvm.api.HeadFactory;
import dev.dinojvm.api.ModelRole;
import dev.dinojvm.api.TeacherUpdateFactory;
import dev.dinojvm.api.TeacherUpdateRule;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.config.EngineKeys;
import dev.dinojvm.engine.parallel.ProcessGroup;
import dev.dinojvm.engine.plugin.ContextLoaderSwap;
import dev.dinojvm.engine.plugin.PluginRegistry;
import java.util.List;
import java.util.function.Function;

/**
 * Builds the parts of a training run from the settings and the plugins: the augmentation, the recipe,
 * and the trainer with its student and teacher. {@code dino train} and {@code dino bench} both build
 * through here, so that a benchmark measures exactly what training runs.
 */
public final class TrainingComponents {

    private final DinoSettings settings;
    private final PluginRegistry registry;

    /**
     * @param settings the validated configuration
     * @param registry the loaded plugins
     */
    public TrainingComponents(DinoSettings settings, PluginRegistry registry) {
        this.settings = settings;
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
        return new TrainingRecipe(settings.integer(EngineKeys.TRAIN_EPOCHS), iterationsPerEpoch,
                new TrainingRecipe.Optimization(
                        settings.number(EngineKeys.OPTIMIZER_LR) * effectiveBatch / 256.0,
                        settings.number(EngineKeys.OPTIMIZER_MIN_LR),
                        settings.integer(EngineKeys.OPTIMIZER_WARMUP_EPOCHS),
                        settings.number(EngineKeys.OPTIMIZER_WEIGHT_DECAY),
                        settings.number(EngineKeys.OPTIMIZER_WEIGHT_DECAY_END),
                        settings.number(EngineKeys.OPTIMIZER_CLIP_GRAD),
                        settings.integer(EngineKeys.OPTIMIZER_FREEZE_LAST_LAYER),
                        settings.integer(EngineKeys.OPTIMIZER_FREEZE_BACKBONE_EPOCHS)),
                new TrainingRecipe.Distillation(
                        settings.number(EngineKeys.TEACHER_TEMPERATURE),
                        settings.number(EngineKeys.TEACHER_WARMUP_TEMPERATURE),
                        settings.integer(EngineKeys.TEACHER_WARMUP_EPOCHS),
                        settings.number(EngineKeys.STUDENT_TEMPERATURE),
                        settings.number(EngineKeys.TEACHER_CENTER_MOMENTUM)));
    }

    /** @return images per optimizer step in this process: the batch size times the accumulation steps */
    public int stepBatch() {
        return settings.integer(EngineKeys.TRAIN_BATCH_SIZE) * settings.integer(EngineKeys.TRAIN_ACCUMULATE_STEPS);
    }

    /**
     * Seeds the engine, builds and initialises the master student, copies it into the master teacher,
     * and wires both into a trainer with one replica per configured device.
     *
     * @param recipe the recipe
     * @param layout the crop layout of the batches
     * @param manager the training manager (the first device)
     * @param seed the run seed
     * @param devices the devices, one replica each
     * @return the trainer, to be closed by the caller
     */
    public DinoTrainer trainer(TrainingRecipe recipe, CropLayout layout, NDManager manager, long seed, List<Device> devices) {
        Engine.getInstance().setRandomSeed((int) seed);
        DinoNetwork student = network(ModelRole.STUDENT, manager);
        DinoNetwork teacher = network(ModelRole.TEACHER, manager);
        teacher.copyFrom(student);
        TeacherUpdateRule rule = create(ComponentKind.TEACHER_UPDATE, TeacherUpdateFactory.class,
                f -> f.create(settings.component(ComponentKind.TEACHER_UPDATE)));
        DinoTrainer.Parallelism parallelism = new DinoTrainer.Parallelism(Precision.parse(settings.string(EngineKeys.TRAIN_PRECISION)),
                devices, settings.integer(EngineKeys.TRAIN_ACCUMULATE_STEPS), ProcessGroup.SINGLE,
                (isTeacher, replicaManager, type) -> network(isTeacher ? ModelRole.TEACHER : ModelRole.STUDENT, replicaManager, type));
        return new DinoTrainer(recipe, student, teacher, rule, new int[] {layout.globalCrops(), layout.totalCrops()}, manager, parallelism);
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
        return new DinoNetwork(backbone, head, manager, type);
    }

    private <F extends Component, T> T create(ComponentKind kind, Class<F> type, Function<F, T> creation) {
        F factory = registry.require(kind, settings.componentName(kind), type);
        try (ContextLoaderSwap swap = ContextLoaderSwap.of(factory)) {
            return creation.apply(factory);
        }
    }
}
