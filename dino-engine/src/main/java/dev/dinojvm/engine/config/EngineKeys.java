package dev.dinojvm.engine.config;

import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ConfigKey;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.api.ConfigType;
import dev.dinojvm.api.ValueRange;
import dev.dinojvm.engine.visual.ChannelDisplay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The engine's own configuration keys, with their defaults, descriptions and range checks.
 *
 * <p>Names are full paths ({@link ConfigKey#name()} is {@code dino.train.epochs}, not {@code epochs}).
 * Ranges and choices are declared on the keys; {@link SettingsValidator} checks them. Code reads the
 * values through {@link EngineSettings}, not through these names. Keys that do not change what is
 * trained (where and on what it runs, how often it logs and evaluates) are declared {@link
 * ConfigKey#mayChangeOnResume() resumable}: a run may resume with other values of them; checkpoints
 * hold the fp32 masters whatever devices and precision computed them.
 * Users and scripts rely on these names: rename none. The component types and each component's own
 * keys live under the prefixes of {@link ComponentKind}; {@code dino.teacher} holds both the
 * teacher-update component's keys and the engine's loss keys.
 */
public final class EngineKeys {

    public static final String BACKBONE_TYPE = "dino.backbone.type";
    public static final String HEAD_TYPE = "dino.head.type";
    public static final String AUGMENTATION_TYPE = "dino.augmentation.type";
    public static final String TEACHER_TYPE = "dino.teacher.type";
    public static final String OBJECTIVE_TYPE = "dino.objective.type";

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
    public static final String TRAIN_DEVICES = "dino.train.devices";
    public static final String TRAIN_ACCUMULATE_STEPS = "dino.train.accumulate-steps";
    public static final String TRAIN_INIT_FROM = "dino.train.init-from";
    public static final String TRAIN_INIT_FORMAT = "dino.train.init-format";
    public static final String TRAIN_INIT_STRICT = "dino.train.init-strict";
    public static final String TRAIN_INIT_ADAPT_CHANNELS = "dino.train.init-adapt-channels";

    public static final String TEACHER_TEMPERATURE = "dino.teacher.temperature";
    public static final String TEACHER_WARMUP_TEMPERATURE = "dino.teacher.warmup-temperature";
    public static final String TEACHER_WARMUP_EPOCHS = "dino.teacher.warmup-epochs";
    public static final String TEACHER_CENTER_MOMENTUM = "dino.teacher.center-momentum";
    public static final String STUDENT_TEMPERATURE = "dino.student.temperature";
    public static final String TEACHER_CENTERING = "dino.teacher.centering";
    public static final String STUDENT_KOLEO_WEIGHT = "dino.student.koleo-weight";
    public static final String IBOT_LOSS_WEIGHT = "dino.ibot.loss-weight";
    public static final String IBOT_MASK_PROBABILITY = "dino.ibot.mask-probability";
    public static final String IBOT_MASK_RATIO_MIN = "dino.ibot.mask-ratio-min";
    public static final String IBOT_MASK_RATIO_MAX = "dino.ibot.mask-ratio-max";
    public static final String IBOT_SEPARATE_HEAD = "dino.ibot.separate-head";

    public static final String OPTIMIZER_LR = "dino.optimizer.lr";
    public static final String OPTIMIZER_MIN_LR = "dino.optimizer.min-lr";
    public static final String OPTIMIZER_WARMUP_EPOCHS = "dino.optimizer.warmup-epochs";
    public static final String OPTIMIZER_WEIGHT_DECAY = "dino.optimizer.weight-decay";
    public static final String OPTIMIZER_WEIGHT_DECAY_END = "dino.optimizer.weight-decay-end";
    public static final String OPTIMIZER_CLIP_GRAD = "dino.optimizer.clip-grad";
    public static final String OPTIMIZER_FREEZE_LAST_LAYER = "dino.optimizer.freeze-last-layer";
    public static final String OPTIMIZER_FREEZE_BACKBONE_EPOCHS = "dino.optimizer.freeze-backbone-epochs";

    public static final String EVAL_KNN_EVERY = "dino.eval.knn-every";
    public static final String EVAL_KNN_K = "dino.eval.knn-k";
    public static final String EVAL_KNN_TEMPERATURE = "dino.eval.knn-temperature";
    public static final String EVAL_KNN_TRAIN_LIMIT = "dino.eval.knn-train-limit";
    public static final String EVAL_KNN_TEST_LIMIT = "dino.eval.knn-test-limit";
    public static final String EVAL_KNN_BASELINES = "dino.eval.knn-baselines";

    public static final String REPORT_CHANNELS = "dino.report.channels";

    public static final String DISTRIBUTED_WORLD_SIZE = "dino.distributed.world-size";
    public static final String DISTRIBUTED_RANK = "dino.distributed.rank";
    public static final String DISTRIBUTED_LOCAL_RANK = "dino.distributed.local-rank";
    public static final String DISTRIBUTED_MASTER_ADDR = "dino.distributed.master-addr";
    public static final String DISTRIBUTED_MASTER_PORT = "dino.distributed.master-port";
    public static final String DISTRIBUTED_TIMEOUT = "dino.distributed.timeout";
    public static final String DISTRIBUTED_LISTEN_ADDRESS = "dino.distributed.listen-address";

    private static final ValueRange POSITIVE = ValueRange.greaterThan(0);
    private static final ValueRange NON_NEGATIVE = ValueRange.atLeast(0);
    private static final Map<String, ConfigKey> KEYS = new LinkedHashMap<>();
    /** The one precision users ask for that is refused, with the reason. */
    private static final String BF16_REFUSAL = "bf16 is not supported: DJL 0.36's PyTorch engine cannot create bfloat16 arrays"
            + " (see docs/performance.md); use fp16 or tf32 on a GPU";
    /** {@code all}, a count, or GPU indices such as {@code 0,1,3}. */
    private static final Pattern DEVICES =
            Pattern.compile("all|[1-9][0-9]{0,3}|[0-9]{1,4}(\\s*,\\s*[0-9]{1,4})+");

    static {
        add(ConfigKey.text(BACKBONE_TYPE, "vit", "The backbone component (see 'dino plugins list')."));
        add(ConfigKey.text(HEAD_TYPE, "dino-head", "The projection head component."));
        add(ConfigKey.text(AUGMENTATION_TYPE, "multi-crop", "The augmentation component that makes the global and local views."));
        add(ConfigKey.text(TEACHER_TYPE, "cosine-ema", "How the teacher follows the student."));
        add(ConfigKey.text(OBJECTIVE_TYPE, "dino", "The training objective: the loss and its centring (the standard one reads"
                + " dino.student.*, dino.teacher.centering and dino.ibot.loss-weight)."));

        add(ConfigKey.text(PLUGINS_DIR, "plugins", "Directory of drop-in plugin jars (JVM mode), each jar or subdirectory of jars "
                + "loaded in a class loader of its own; the default directory may be absent.").mayChangeOnResume());
        add(ConfigKey.text(DATA_PATH, null,
                "Images to train on; when unset, the embedded demo data (Fashion-MNIST) and demo settings are used."));
        add(ConfigKey.integer(DATA_LIMIT, 0, "Use at most this many images (0 = all).").within(ValueRange.atLeast(0)));
        add(ConfigKey.integer(DATA_WORKERS, 0, "Threads that decode and augment images (0 = number of cores).")
                .within(ValueRange.atLeast(0)).mayChangeOnResume());

        add(ConfigKey.integer(TRAIN_EPOCHS, 100, "Number of epochs.").within(ValueRange.atLeast(1)));
        add(ConfigKey.integer(TRAIN_BATCH_SIZE, 64, "Images per iteration (the reference's batch_size_per_gpu times the number of GPUs).")
                .within(ValueRange.atLeast(1)));
        add(ConfigKey.text(TRAIN_OUTPUT, "runs/dino", "Directory for checkpoints, logs and exported weights.").mayChangeOnResume());
        // INTEGER for users; a long in fact (see problemWith).
        add(ConfigKey.integer(TRAIN_SEED, 0, "Seed of every random choice (reference seed)."));
        add(ConfigKey.text(TRAIN_DEVICE, "auto", "Where to train: auto (a GPU when there is one), cpu or gpu.", "auto", "cpu", "gpu")
                .mayChangeOnResume());
        add(ConfigKey.integer(TRAIN_CHECKPOINT_EVERY, 500, "Write a checkpoint every this many iterations.")
                .within(ValueRange.atLeast(1)).mayChangeOnResume());
        add(ConfigKey.integer(TRAIN_KEEP_CHECKPOINTS, 3, "Number of most recent checkpoints to keep.").within(ValueRange.atLeast(1))
                .mayChangeOnResume());
        add(ConfigKey.integer(TRAIN_MAX_STEPS, 0, "Stop after this many iterations (0 = no limit), e.g. for a quick trial.")
                .within(ValueRange.atLeast(0)).mayChangeOnResume());
        add(ConfigKey.integer(TRAIN_LOG_EVERY, 10,
                "Log the loss every this many iterations (on a GPU the loss is only read from the device, and checked, then).")
                .within(ValueRange.atLeast(1)).mayChangeOnResume());
        add(ConfigKey.text(TRAIN_PRECISION, "fp32", "Arithmetic of training: fp32; fp16 (fp16 compute with fp32 master "
                + "weights and dynamic loss scaling); tf32 (fp32 with TF32 matrix products on Ampere or newer GPUs, fp32 on the CPU).",
                "fp32", "fp16", "tf32").mayChangeOnResume());
        add(ConfigKey.text(TRAIN_DEVICES, "1", "Devices that train together, one replica each: all (every GPU), a count (the first "
                + "N GPUs; N replicas on the CPU, for testing), or a comma-separated list of GPU indices.").mayChangeOnResume());
        add(ConfigKey.integer(TRAIN_ACCUMULATE_STEPS, 1, "Micro-batches of dino.train.batch-size per optimizer step (gradient "
                + "accumulation); the effective batch, which scales the learning rate and counts the schedules, is their product.")
                .within(ValueRange.atLeast(1)));
        add(ConfigKey.text(TRAIN_INIT_FROM, null, "Weights file the student and teacher start from (official DINO .pth, timm or "
                + "Hugging Face safetensors, a run's backbone or network safetensors); unset = random initialisation."));
        // The names of weights.WeightsFormat, listed here so that config does not depend on weights (EngineKeysTest compares them).
        add(ConfigKey.text(TRAIN_INIT_FORMAT, "auto", "Layout of dino.train.init-from; auto recognises it from the file.",
                "auto", "dino-pth", "dino-checkpoint", "timm", "dino-jvm", "hugging-face"));
        add(ConfigKey.bool(TRAIN_INIT_STRICT, true, "Refuse initial weights with missing, unexpected or misshapen tensors"
                + " (false: load what fits and list the rest)."));
        add(ConfigKey.bool(TRAIN_INIT_ADAPT_CHANNELS, false, "Adapt the RGB patch embedding of dino.train.init-from to the"
                + " backbone's input channel count by timm's adapt_input_conv rule (false: refuse a file of another channel count)."));

        add(number(TEACHER_TEMPERATURE, "0.04", "Teacher softmax temperature after warm-up (reference teacher_temp).", POSITIVE));
        add(number(TEACHER_WARMUP_TEMPERATURE, "0.04",
                "Initial teacher temperature, raised linearly to dino.teacher.temperature (reference warmup_teacher_temp).", POSITIVE));
        add(ConfigKey.integer(TEACHER_WARMUP_EPOCHS, 0, "Epochs of teacher temperature warm-up (reference warmup_teacher_temp_epochs).")
                .within(ValueRange.atLeast(0)));
        add(number(TEACHER_CENTER_MOMENTUM, "0.9", "Momentum of the center subtracted from teacher outputs (reference center_momentum).",
                ValueRange.between(0, 1)));
        add(number(STUDENT_TEMPERATURE, "0.1", "Student softmax temperature (reference student_temp).", POSITIVE));
        add(ConfigKey.text(TEACHER_CENTERING, "center", "How the teacher outputs are centred: center (DINO's running center) or"
                + " sinkhorn-knopp (DINOv2's train.centering=sinkhorn_knopp, 3 iterations over the batch of all processes).",
                "center", "sinkhorn-knopp"));
        add(number(STUDENT_KOLEO_WEIGHT, "0", "Weight of DINOv2's KoLeo regulariser on the student's CLS features of each global"
                + " crop (DINOv2: 0.1); 0 for none.", NON_NEGATIVE));
        add(number(IBOT_LOSS_WEIGHT, "0", "Weight of DINOv2's iBOT masked-patch loss (DINOv2: 1.0); 0 for none. Needs a backbone with"
                + " a mask token (vit: dino.backbone.mask-token=true); the term has its own centre and the DINO term's"
                + " temperatures and centering.", NON_NEGATIVE));
        add(ConfigKey.bool(IBOT_SEPARATE_HEAD, false, "Whether iBOT's patch tokens go through a head of their own (ibot_head.*, with"
                + " the dino.head.* settings) rather than the DINO head (DINOv2: ibot.separate_head=false)."));
        add(number(IBOT_MASK_PROBABILITY, "0.5", "Share of the global crops that iBOT masks (DINOv2: mask_sample_probability).",
                ValueRange.between(0, 1)));
        add(number(IBOT_MASK_RATIO_MIN, "0.1", "Smallest share of a masked crop's patches (DINOv2: mask_ratio_min_max[0]).",
                ValueRange.between(0, 1)));
        add(number(IBOT_MASK_RATIO_MAX, "0.5", "Largest share of a masked crop's patches (DINOv2: mask_ratio_min_max[1]).",
                ValueRange.between(0, 1)));

        add(number(OPTIMIZER_LR, "0.0005",
                "Learning rate after warm-up for a batch of 256, scaled linearly with dino.train.batch-size (reference lr).", POSITIVE));
        add(number(OPTIMIZER_MIN_LR, "1e-6", "Learning rate at the end of the cosine schedule (reference min_lr).", NON_NEGATIVE));
        add(ConfigKey.integer(OPTIMIZER_WARMUP_EPOCHS, 10, "Epochs of linear learning-rate warm-up (reference warmup_epochs).")
                .within(ValueRange.atLeast(0)));
        add(number(OPTIMIZER_WEIGHT_DECAY, "0.04",
                "Initial weight decay, cosine-scheduled to dino.optimizer.weight-decay-end (reference weight_decay).", NON_NEGATIVE));
        add(number(OPTIMIZER_WEIGHT_DECAY_END, "0.4", "Weight decay at the end of training (reference weight_decay_end).", NON_NEGATIVE));
        add(number(OPTIMIZER_CLIP_GRAD, "3.0", "Maximum gradient norm of each parameter (0 = no clipping; reference clip_grad).",
                NON_NEGATIVE));
        add(ConfigKey.integer(OPTIMIZER_FREEZE_LAST_LAYER, 1,
                "Epochs during which the head's last layer is not trained (reference freeze_last_layer).").within(ValueRange.atLeast(0)));
        add(ConfigKey.integer(OPTIMIZER_FREEZE_BACKBONE_EPOCHS, 0, "Epochs during which only the head is trained, the backbone "
                + "held (e.g. 1 when starting from published weights).").within(ValueRange.atLeast(0)));

        add(ConfigKey.integer(EVAL_KNN_EVERY, 0,
                "Evaluate the teacher by k-NN (train split as bank, test split as queries) every this many epochs (0 = never).")
                .within(ValueRange.atLeast(0)).mayChangeOnResume());
        add(ConfigKey.integer(EVAL_KNN_K, 20, "Neighbours of the k-NN evaluation during training.").within(ValueRange.atLeast(1))
                .mayChangeOnResume());
        add(number(EVAL_KNN_TEMPERATURE, "0.07", "Temperature T of the k-NN votes exp(similarity / T) during training.", POSITIVE)
                .mayChangeOnResume());
        add(ConfigKey.integer(EVAL_KNN_TRAIN_LIMIT, 0, "Use at most this many bank images in the k-NN evaluation (0 = all).")
                .within(ValueRange.atLeast(0)).mayChangeOnResume());
        add(ConfigKey.integer(EVAL_KNN_TEST_LIMIT, 0, "Use at most this many query images in the k-NN evaluation (0 = all).")
                .within(ValueRange.atLeast(0)).mayChangeOnResume());
        add(ConfigKey.bool(EVAL_KNN_BASELINES, true, "When the data has labels, end training with a k-NN comparison of the teacher "
                + "with the same network at its random initialisation and with raw pixels, on the bank and queries of dino.eval.knn-*, "
                + "and log it.").mayChangeOnResume());
        add(ConfigKey.text(REPORT_CHANNELS, null, "Channels of multi-channel images the report's figures show: one index (grey) or"
                + " three (red, green, blue), e.g. 0,1,2; unset: the first three, or the first in grey for images of one or two"
                + " channels.").mayChangeOnResume());

        // Unset by default: the launcher's variables (torchrun, PyTorchJob, SLURM scripts) give them.
        add(unsetInteger(DISTRIBUTED_WORLD_SIZE, "Processes that train together (default: WORLD_SIZE, else 1).", ValueRange.atLeast(1))
                .mayChangeOnResume());
        add(unsetInteger(DISTRIBUTED_RANK, "This process's rank, from 0 (default: RANK).", ValueRange.atLeast(0))
                .mayChangeOnResume());
        add(unsetInteger(DISTRIBUTED_LOCAL_RANK, "This process's rank on its machine, choosing its GPU (default: LOCAL_RANK, else 0).",
                ValueRange.atLeast(0)).mayChangeOnResume());
        add(ConfigKey.text(DISTRIBUTED_MASTER_ADDR, null, "Host of rank 0, where the ranks meet (default: MASTER_ADDR).")
                .mayChangeOnResume());
        add(unsetInteger(DISTRIBUTED_MASTER_PORT, "Port of rank 0's rendezvous (default: MASTER_PORT).", ValueRange.between(1, 65535))
                .mayChangeOnResume());
        add(unsetInteger(DISTRIBUTED_TIMEOUT, "Seconds to wait for the other processes, at the start and in every reduction (default: 300).",
                ValueRange.atLeast(1)).mayChangeOnResume());
        add(ConfigKey.text(DISTRIBUTED_LISTEN_ADDRESS, null, "Address of this machine on which rank 0's rendezvous store listens "
                + "(default: every interface), e.g. 127.0.0.1 when every rank runs on this machine.").mayChangeOnResume());
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
     * Checks one value of an engine key against its declaration, with the engine's additions: text must
     * not be empty, the seed is a long, and half precision is refused with the reason.
     *
     * @param key an engine key
     * @param value its value, as written
     * @return empty when the value is acceptable, else what is wrong with it
     */
    static Optional<String> problemWith(ConfigKey key, String value) {
        String v = value.trim();
        if (key.name().equals(TRAIN_SEED)) {
            return longInteger(v);
        }
        if (key.name().equals(TRAIN_PRECISION) && v.equals("bf16")) {
            return Optional.of(BF16_REFUSAL);
        }
        if (key.name().equals(TRAIN_DEVICES) && !DEVICES.matcher(v).matches()) {
            return Optional.of("expected all, a count such as 2, or GPU indices such as 0,1,3; got '" + v + "'");
        }
        if (key.type() == ConfigType.STRING && v.isEmpty()) {
            return Optional.of("must not be empty");
        }
        return key.problemWith(v);
    }

    /**
     * Checks across keys; run only when every engine value passed {@link #problemWith}.
     *
     * @param values effective values by full key path
     * @return one problem per warm-up that does not fit in the run
     */
    static List<ConfigProblem> crossKeyProblems(Map<String, SettingValue> values) {
        List<ConfigProblem> problems = new ArrayList<>();
        warmupWithinTraining(values, OPTIMIZER_WARMUP_EPOCHS).ifPresent(problems::add);
        warmupWithinTraining(values, TEACHER_WARMUP_EPOCHS).ifPresent(problems::add);
        problems.addAll(wholeBatchTerms(values));
        maskRatios(values).ifPresent(problems::add);
        reportChannels(values).ifPresent(problems::add);
        return problems;
    }

    private static Optional<ConfigProblem> reportChannels(Map<String, SettingValue> values) {
        if (!values.containsKey(REPORT_CHANNELS)) {
            return Optional.empty();
        }
        try {
            ChannelDisplay.parse(values.get(REPORT_CHANNELS).value());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(new ConfigProblem(REPORT_CHANNELS, e.getMessage()));
        }
    }

    /**
     * Sinkhorn-Knopp and KoLeo are functions of the whole batch of a process, not sums over its images:
     * exact only when one forward pass sees it (no accumulation, one device per process), and
     * meaningless on a batch of one (one sample to assign, no neighbour).
     */
    private static List<ConfigProblem> wholeBatchTerms(Map<String, SettingValue> values) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (!values.keySet().containsAll(List.of(TRAIN_BATCH_SIZE, TRAIN_ACCUMULATE_STEPS, TRAIN_DEVICES, TEACHER_CENTERING,
                STUDENT_KOLEO_WEIGHT))) {
            return problems;
        }
        int batch = Integer.parseInt(values.get(TRAIN_BATCH_SIZE).value().trim());
        boolean accumulates = Integer.parseInt(values.get(TRAIN_ACCUMULATE_STEPS).value().trim()) > 1;
        boolean devices = !values.get(TRAIN_DEVICES).value().trim().equals("1");
        if (values.get(TEACHER_CENTERING).value().trim().equals("sinkhorn-knopp")) {
            if (batch < 2) {
                problems.add(new ConfigProblem(TEACHER_CENTERING, "sinkhorn-knopp needs a batch of at least 2 images, but "
                        + TRAIN_BATCH_SIZE + " is " + batch + "; use center"));
            } else if (accumulates || devices) {
                problems.add(new ConfigProblem(TEACHER_CENTERING, "sinkhorn-knopp assigns the whole batch at once: it needs "
                        + TRAIN_ACCUMULATE_STEPS + " = 1 and " + TRAIN_DEVICES + " = 1 (several processes are fine)"));
            }
        }
        if (Double.parseDouble(values.get(STUDENT_KOLEO_WEIGHT).value().trim()) > 0) {
            if (batch < 2) {
                problems.add(new ConfigProblem(STUDENT_KOLEO_WEIGHT, "KoLeo needs a batch of at least 2 images (a nearest"
                        + " neighbour), but " + TRAIN_BATCH_SIZE + " is " + batch));
            } else if (accumulates || devices) {
                problems.add(new ConfigProblem(STUDENT_KOLEO_WEIGHT, "KoLeo compares the images of the whole batch: it needs "
                        + TRAIN_ACCUMULATE_STEPS + " = 1 and " + TRAIN_DEVICES + " = 1 (several processes are fine)"));
            }
        }
        return problems;
    }

    /** DINOv2 draws each masked crop's ratio from slices of [min, max]. */
    private static Optional<ConfigProblem> maskRatios(Map<String, SettingValue> values) {
        if (!values.keySet().containsAll(List.of(IBOT_MASK_RATIO_MIN, IBOT_MASK_RATIO_MAX))) {
            return Optional.empty();
        }
        double min = Double.parseDouble(values.get(IBOT_MASK_RATIO_MIN).value().trim());
        double max = Double.parseDouble(values.get(IBOT_MASK_RATIO_MAX).value().trim());
        if (min <= max) {
            return Optional.empty();
        }
        return Optional.of(new ConfigProblem(IBOT_MASK_RATIO_MIN, min + " is above " + IBOT_MASK_RATIO_MAX + " = " + max));
    }

    /** The reference's schedules need warm-up to fit in the run (its cosine_scheduler asserts it). */
    private static Optional<ConfigProblem> warmupWithinTraining(Map<String, SettingValue> values, String warmupKey) {
        SettingValue epochs = values.get(TRAIN_EPOCHS);
        SettingValue warmup = values.get(warmupKey);
        if (Integer.parseInt(warmup.value().trim()) <= Integer.parseInt(epochs.value().trim())) {
            return Optional.empty();
        }
        return Optional.of(new ConfigProblem(warmupKey, warmup.value().trim() + " warm-up epochs (from " + warmup.source()
                + ") do not fit in " + TRAIN_EPOCHS + " = " + epochs.value().trim() + " (from " + epochs.source()
                + "); lower it or train longer"));
    }

    private static void add(ConfigKey key) {
        KEYS.put(key.name(), key);
    }

    private static ConfigKey unsetInteger(String name, String description, ValueRange range) {
        return new ConfigKey(name, ConfigType.INTEGER, null, description, List.of(), range);
    }

    private static ConfigKey number(String name, String defaultValue, String description, ValueRange range) {
        return new ConfigKey(name, ConfigType.DOUBLE, defaultValue, description, List.of(), range);
    }

    private static Optional<String> longInteger(String value) {
        try {
            Long.parseLong(value);
            return Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.of("expected an integer, got '" + value + "'");
        }
    }
}
