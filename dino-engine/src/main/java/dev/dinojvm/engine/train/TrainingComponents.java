package dev.dinojvm.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
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
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.weights.InitialWeights;
import dev.dinojvm.engine.weights.WeightsFileException;
import dev.dinojvm.engine.weights.WeightsFormat;
import java.nio.file.Path;
import java.util.Optional;
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
                f -> registry.withContextLoader(f, f.create(settings.component(ComponentKind.AUGMENTATION))));
    }

    /**
     * @param iterationsPerEpoch batches per epoch
     * @param batchSize images per batch, which scales the learning rate as the reference does
     * @return the configured recipe
     */
    public TrainingRecipe recipe(long iterationsPerEpoch, int batchSize) {
        return new TrainingRecipe(
                settings.integer("dino.train.epochs"), iterationsPerEpoch,
                settings.number("dino.optimizer.lr") * batchSize / 256.0,
                settings.number("dino.optimizer.min-lr"),
                settings.integer("dino.optimizer.warmup-epochs"),
                settings.number("dino.optimizer.weight-decay"),
                settings.number("dino.optimizer.weight-decay-end"),
                settings.number("dino.optimizer.clip-grad"),
                settings.integer("dino.optimizer.freeze-last-layer"),
                settings.number("dino.teacher.temperature"),
                settings.number("dino.teacher.warmup-temperature"),
                settings.integer("dino.teacher.warmup-epochs"),
                settings.number("dino.student.temperature"),
                settings.number("dino.teacher.center-momentum"));
    }

    /**
     * Seeds the engine, builds and initialises the student (from {@code dino.train.init-from} when set),
     * copies it into the teacher, and wires both into a trainer.
     *
     * @param recipe the recipe
     * @param layout the crop layout of the batches
     * @param manager the training manager (device)
     * @param seed the run seed
     * @return the trainer, to be closed by the caller
     */
    public DinoTrainer trainer(TrainingRecipe recipe, CropLayout layout, NDManager manager, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        DinoNetwork student = network(ModelRole.STUDENT, manager);
        DinoNetwork teacher = network(ModelRole.TEACHER, manager);
        teacher.copyFrom(student);
        initialWeights(student, teacher);
        TeacherUpdateRule rule = create(ComponentKind.TEACHER_UPDATE, TeacherUpdateFactory.class,
                f -> registry.withContextLoader(f, f.create(settings.component(ComponentKind.TEACHER_UPDATE))));
        return new DinoTrainer(recipe, student, teacher, rule, new int[] {layout.globalCrops(), layout.totalCrops()}, manager);
    }

    /** With {@code dino.train.init-from}: both networks start from the file's weights. */
    private void initialWeights(DinoNetwork student, DinoNetwork teacher) {
        Optional<String> file = settings.optional(EngineKeys.TRAIN_INIT_FROM);
        if (file.isPresent()) {
            try {
                InitialWeights.apply(Path.of(file.get()), WeightsFormat.parse(settings.string(EngineKeys.TRAIN_INIT_FORMAT)),
                        settings.bool(EngineKeys.TRAIN_INIT_STRICT), student, teacher, System.out);
            } catch (WeightsFileException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    /**
     * @param role student or teacher
     * @param manager where its parameters live
     * @return a new network with the configured backbone and head, initialised from the engine's generator
     */
    public DinoNetwork network(ModelRole role, NDManager manager) {
        Backbone backbone = create(ComponentKind.BACKBONE, BackboneFactory.class,
                f -> f.create(settings.component(ComponentKind.BACKBONE), role));
        Head head = create(ComponentKind.HEAD, HeadFactory.class,
                f -> f.create(settings.component(ComponentKind.HEAD), backbone.outputDim()));
        return new DinoNetwork(backbone, head, manager);
    }

    private <F extends Component, T> T create(ComponentKind kind, Class<F> type, Function<F, T> creation) {
        F factory = registry.require(kind, settings.componentName(kind), type);
        return registry.callWithContextLoader(factory, () -> creation.apply(factory));
    }
}
