package dev.dinojvm.engine.config;

import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ConfigKey;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.api.ConfigType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The engine's own configuration keys, with their defaults, descriptions and range checks.
 *
 * <p>Names are full paths ({@link ConfigKey#name()} is {@code dino.train.epochs}, not {@code epochs}).
 * Users and scripts rely on these names: rename none. The component types and each component's own
 * keys live under the prefixes of {@link ComponentKind}; {@code dino.teacher} holds both the
 * teacher-update component's keys and the engine's loss keys.
 */
public final class EngineKeys {

    public static final String BACKBONE_TYPE = "dino.backbone.type";
    public static final String HEAD_TYPE = "dino.head.type";
    public static final String AUGMENTATION_TYPE = "dino.augmentation.type";
    public static final String TEACHER_TYPE = "dino.teacher.type";

    public static final String DATA_PATH = "dino.data.path";
    /** Drop-in plugin directory; read before the plugins are loaded. */
    public static final String PLUGINS_DIR = "dino.plugins.dir";
    public static final String DATA_LIMIT = "dino.data.limit";
    public static final String DATA_WORKERS = "dino.data.workers";

    public static final String TRAIN_EPOCHS = "dino.train.epochs";
    public static final String TRAIN_BATCH_SIZE = "dino.train.batch-size";
    public static final String TRAIN_OUTPUT = "dino.train.output";
    public static final String TRAIN_SEED = "dino.train.seed";
    public static final String TRAIN_DEVICE = "dino.train.device";
    public static final String TRAIN_CHECKPOINT_EVERY = "dino.train.checkpoint-every";
    public static final String TRAIN_KEEP_CHECKPOINTS = "dino.train.keep-checkpoints";
    public static final String TRAIN_MAX_STEPS = "dino.train.max-steps";
    public static final String TRAIN_LOG_EVERY = "dino.train.log-every";
    public static final String TRAIN_PRECISION = "dino.train.precision";

    public static final String TEACHER_TEMPERATURE = "dino.teacher.temperature";
    public static final String TEACHER_WARMUP_TEMPERATURE = "dino.teacher.warmup-temperature";
    public static final String TEACHER_WARMUP_EPOCHS = "dino.teacher.warmup-epochs";
    public static final String TEACHER_CENTER_MOMENTUM = "dino.teacher.center-momentum";
    public static final String STUDENT_TEMPERATURE = "dino.student.temperature";

    public static final String OPTIMIZER_LR = "dino.optimizer.lr";
    public static final String OPTIMIZER_MIN_LR = "dino.optimizer.min-lr";
    public static final String OPTIMIZER_WARMUP_EPOCHS = "dino.optimizer.warmup-epochs";
    public static final String OPTIMIZER_WEIGHT_DECAY = "dino.optimizer.weight-decay";
    public static final String OPTIMIZER_WEIGHT_DECAY_END = "dino.optimizer.weight-decay-end";
    public static final String OPTIMIZER_CLIP_GRAD = "dino.optimizer.clip-grad";
    public static final String OPTIMIZER_FREEZE_LAST_LAYER = "dino.optimizer.freeze-last-layer";

    public static final String EVAL_KNN_EVERY = "dino.eval.knn-every";
    public static final String EVAL_KNN_K = "dino.eval.knn-k";
    public static final String EVAL_KNN_TEMPERATURE = "dino.eval.knn-temperature";
    public static final String EVAL_KNN_TRAIN_LIMIT = "dino.eval.knn-train-limit";
    public static final String EVAL_KNN_TEST_LIMIT = "dino.eval.knn-test-limit";
    public static final String EVAL_KNN_BASELINES = "dino.eval.knn-baselines";

    /** Checks one value: empty when it is fine, else what is wrong. */
    @FunctionalInterface
    interface Check {
        Optional<String> problem(String value);
    }

    private static final Map<String, ConfigKey> KEYS = new LinkedHashMap<>();
    private static final Map<String, Check> CHECKS = new LinkedHashMap<>();

    static {
        text(BACKBONE_TYPE, "vit", "The backbone component (see 'dino plugins list').");
        text(HEAD_TYPE, "dino-head", "The projection head component.");
        text(AUGMENTATION_TYPE, "multi-crop", "The augmentation component that makes the global and local views.");
        text(TEACHER_TYPE, "cosine-ema", "How the teacher follows the student.");

        text(PLUGINS_DIR, "plugins", "Directory of drop-in plugin jars (JVM mode), each jar or subdirectory of jars "
                + "loaded in a class loader of its own; the default directory may be absent.");
        text(DATA_PATH, null, "Images to train on; when unset, the embedded demo data (Fashion-MNIST) and demo settings are used.");
        integer(DATA_LIMIT, 0, 0, "Use at most this many images (0 = all).");
        integer(DATA_WORKERS, 0, 0, "Threads that decode and augment images (0 = number of cores).");

        integer(TRAIN_EPOCHS, 100, 1, "Number of epochs.");
        integer(TRAIN_BATCH_SIZE, 64, 1, "Images per iteration (the reference's batch_size_per_gpu times the number of GPUs).");
        text(TRAIN_OUTPUT, "runs/dino", "Directory for checkpoints, logs and exported weights.");
        add(new ConfigKey(TRAIN_SEED, ConfigType.INTEGER, "0", "Seed of every random choice (reference seed).", List.of()),
                EngineKeys::longInteger);
        add(ConfigKey.text(TRAIN_DEVICE, "auto", "Where to train: auto (a GPU when there is one), cpu or gpu.", "auto", "cpu", "gpu"),
                value -> choice(value, List.of("auto", "cpu", "gpu")));
        integer(TRAIN_CHECKPOINT_EVERY, 500, 1, "Write a checkpoint every this many iterations.");
        integer(TRAIN_KEEP_CHECKPOINTS, 3, 1, "Number of most recent checkpoints to keep.");
        integer(TRAIN_MAX_STEPS, 0, 0, "Stop after this many iterations (0 = no limit), e.g. for a quick trial.");
        integer(TRAIN_LOG_EVERY, 10, 1,
                "Log the loss every this many iterations (on a GPU the loss is only read from the device, and checked, then).");
        add(ConfigKey.text(TRAIN_PRECISION, "fp32", "Arithmetic precision of training; only fp32 is supported.", "fp32"),
                EngineKeys::precision);

        positive(TEACHER_TEMPERATURE, "0.04", "Teacher softmax temperature after warm-up (reference teacher_temp).");
        positive(TEACHER_WARMUP_TEMPERATURE, "0.04",
                "Initial teacher temperature, raised linearly to dino.teacher.temperature (reference warmup_teacher_temp).");
        integer(TEACHER_WARMUP_EPOCHS, 0, 0, "Epochs of teacher temperature warm-up (reference warmup_teacher_temp_epochs).");
        add(number(TEACHER_CENTER_MOMENTUM, "0.9", "Momentum of the center subtracted from teacher outputs (reference center_momentum)."),
                value -> numberIn(value, 0, 1));
        positive(STUDENT_TEMPERATURE, "0.1", "Student softmax temperature (reference student_temp).");

        positive(OPTIMIZER_LR, "0.0005",
                "Learning rate after warm-up for a batch of 256, scaled linearly with dino.train.batch-size (reference lr).");
        nonNegative(OPTIMIZER_MIN_LR, "1e-6", "Learning rate at the end of the cosine schedule (reference min_lr).");
        integer(OPTIMIZER_WARMUP_EPOCHS, 10, 0, "Epochs of linear learning-rate warm-up (reference warmup_epochs).");
        nonNegative(OPTIMIZER_WEIGHT_DECAY, "0.04",
                "Initial weight decay, cosine-scheduled to dino.optimizer.weight-decay-end (reference weight_decay).");
        nonNegative(OPTIMIZER_WEIGHT_DECAY_END, "0.4", "Weight decay at the end of training (reference weight_decay_end).");
        nonNegative(OPTIMIZER_CLIP_GRAD, "3.0", "Maximum gradient norm of each parameter (0 = no clipping; reference clip_grad).");
        integer(OPTIMIZER_FREEZE_LAST_LAYER, 1, 0,
                "Epochs during which the head's last layer is not trained (reference freeze_last_layer).");

        integer(EVAL_KNN_EVERY, 0, 0,
                "Evaluate the teacher by k-NN (train split as bank, test split as queries) every this many epochs (0 = never).");
        integer(EVAL_KNN_K, 20, 1, "Neighbours of the k-NN evaluation during training.");
        positive(EVAL_KNN_TEMPERATURE, "0.07", "Temperature T of the k-NN votes exp(similarity / T) during training.");
        integer(EVAL_KNN_TRAIN_LIMIT, 0, 0, "Use at most this many bank images in the k-NN evaluation (0 = all).");
        integer(EVAL_KNN_TEST_LIMIT, 0, 0, "Use at most this many query images in the k-NN evaluation (0 = all).");
        add(ConfigKey.bool(EVAL_KNN_BASELINES, false, "At the end of training, also evaluate by k-NN the same network at its "
                + "random initialisation and the raw pixels, on the bank and queries of dino.eval.knn-*, and log the comparison."),
                value -> value.equals("true") || value.equals("false") ? Optional.empty()
                        : Optional.of("expected true or false, got '" + value + "'"));
    }

    private EngineKeys() {}

    /** @return every engine key, in catalogue order */
    public static List<ConfigKey> keys() {
        return List.copyOf(KEYS.values());
    }

    /**
     * @param name a full key path
     * @return the engine key of that name
     */
    public static Optional<ConfigKey> key(String name) {
        return Optional.ofNullable(KEYS.get(name));
    }

    /**
     * @param kind an extension point
     * @return the key that chooses its component, e.g. {@code dino.backbone.type}
     */
    public static String typeKey(ComponentKind kind) {
        return kind.configPrefix() + ".type";
    }

    /** @return every engine key with a default, to its default */
    static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        KEYS.values().stream().filter(k -> k.defaultValue() != null).forEach(k -> defaults.put(k.name(), k.defaultValue()));
        return defaults;
    }

    /**
     * Checks the engine's values: each on its own, then across keys.
     *
     * @param values effective values by full key path
     * @return one problem per bad value
     */
    static List<ConfigProblem> check(Map<String, SettingValue> values) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (Map.Entry<String, Check> entry : CHECKS.entrySet()) {
            SettingValue setting = values.get(entry.getKey());
            if (setting != null) {
                entry.getValue().problem(setting.value().trim()).ifPresent(message -> problems.add(
                        new ConfigProblem(entry.getKey(), message + " (from " + setting.source() + ")")));
            }
        }
        if (problems.isEmpty()) {
            warmupWithinTraining(values, OPTIMIZER_WARMUP_EPOCHS).ifPresent(problems::add);
            warmupWithinTraining(values, TEACHER_WARMUP_EPOCHS).ifPresent(problems::add);
        }
        return problems;
    }

    /** The reference's schedules need warm-up to fit in the run (its cosine_scheduler asserts it). */
    private static Optional<ConfigProblem> warmupWithinTraining(Map<String, SettingValue> values, String warmupKey) {
        int epochs = Integer.parseInt(values.get(TRAIN_EPOCHS).value().trim());
        int warmup = Integer.parseInt(values.get(warmupKey).value().trim());
        if (warmup <= epochs) {
            return Optional.empty();
        }
        return Optional.of(new ConfigProblem(warmupKey, warmup + " warm-up epochs do not fit in " + TRAIN_EPOCHS + " = " + epochs
                + " (from " + values.get(warmupKey).source() + "); lower it or train longer"));
    }

    private static void add(ConfigKey key, Check check) {
        KEYS.put(key.name(), key);
        CHECKS.put(key.name(), check);
    }

    private static void text(String name, String defaultValue, String description) {
        add(ConfigKey.text(name, defaultValue, description),
                value -> value.isEmpty() ? Optional.of("must not be empty") : Optional.empty());
    }

    private static void integer(String name, int defaultValue, int min, String description) {
        add(ConfigKey.integer(name, defaultValue, description), value -> {
            if (!ConfigType.INTEGER.accepts(value)) {
                return Optional.of("expected " + ConfigType.INTEGER.expectation() + ", got '" + value + "'");
            }
            int parsed = Integer.parseInt(value);
            return parsed >= min ? Optional.empty() : Optional.of("must be at least " + min + ", got " + parsed);
        });
    }

    private static ConfigKey number(String name, String defaultValue, String description) {
        return new ConfigKey(name, ConfigType.DOUBLE, defaultValue, description, List.of());
    }

    private static void positive(String name, String defaultValue, String description) {
        add(number(name, defaultValue, description), value -> numberCheck(value, v -> v > 0, "must be greater than 0"));
    }

    private static void nonNegative(String name, String defaultValue, String description) {
        add(number(name, defaultValue, description), value -> numberCheck(value, v -> v >= 0, "must be 0 or more"));
    }

    private static Optional<String> numberIn(String value, double min, double max) {
        return numberCheck(value, v -> v >= min && v <= max, "must be between " + min + " and " + max);
    }

    private static Optional<String> numberCheck(String value, java.util.function.DoublePredicate valid, String requirement) {
        if (!ConfigType.DOUBLE.accepts(value)) {
            return Optional.of("expected " + ConfigType.DOUBLE.expectation() + ", got '" + value + "'");
        }
        return valid.test(Double.parseDouble(value)) ? Optional.empty() : Optional.of(requirement + ", got " + value);
    }

    private static Optional<String> longInteger(String value) {
        try {
            Long.parseLong(value);
            return Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.of("expected an integer, got '" + value + "'");
        }
    }

    private static Optional<String> precision(String value) {
        if (value.equals("bf16")) {
            return Optional.of("bf16 is not supported: DJL 0.36's PyTorch engine cannot create bfloat16 arrays, and its"
                    + " casts are not differentiable, so there is no autocast; use fp32 (see docs/performance.md)");
        }
        if (value.equals("fp16")) {
            return Optional.of("fp16 is not supported: DJL 0.36's casts are not differentiable, so there is no autocast,"
                    + " and an fp16 model with fp32 master weights and loss scaling is not implemented; use fp32"
                    + " (see docs/performance.md)");
        }
        return choice(value, List.of("fp32"));
    }

    private static Optional<String> choice(String value, List<String> choices) {
        return choices.contains(value)
                ? Optional.empty()
                : Optional.of("'" + value + "' is not one of " + choices.stream().collect(Collectors.joining(", ")));
    }
}
