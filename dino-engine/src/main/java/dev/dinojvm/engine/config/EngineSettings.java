package dev.dinojvm.engine.config;

import static dev.dinojvm.engine.config.EngineKeys.*;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's own settings, typed and parsed once from a validated {@link DinoSettings} ({@link
 * DinoSettings#engine()}): read {@code settings.engine().train().epochs()}; no code outside this package
 * looks a setting up by its name ({@code EngineSettingsArchitectureTest} checks it). Each nested record
 * holds one prefix of {@link EngineKeys}; the components' settings are {@link DinoSettings#component},
 * and the plugins directory is read before the plugins load ({@link ConfigLoader#pluginsDirectory}).
 *
 * @param data {@code dino.data.*}
 * @param train {@code dino.train.*}
 * @param optimizer {@code dino.optimizer.*}
 * @param loss the DINO loss: {@code dino.teacher.*} temperatures and centering, {@code dino.student.temperature}
 * @param eval {@code dino.eval.*}
 * @param distributed {@code dino.distributed.*}, each empty when unset (the launcher's variables apply then)
 */
public record EngineSettings(Data data, Train train, Optimizer optimizer, Loss loss, Eval eval, Distributed distributed) {

    /**
     * @param path the images: a directory, an IDX location or {@code embedded:fashion-mnist}; {@code null} when unset
     * @param limit at most this many images, 0 for all
     * @param workers decoding and augmentation threads, 0 for one per core
     * @param ownData whether the images are the user's: the path is neither a default nor the embedded demo's
     */
    public record Data(String path, int limit, int workers, boolean ownData) {}

    /**
     * @param epochs epochs of the run
     * @param batchSize images per micro-batch
     * @param accumulateSteps micro-batches per optimizer step
     * @param output directory for checkpoints, logs and exported weights
     * @param seed seed of every random choice
     * @param device {@code auto}, {@code cpu} or {@code gpu}
     * @param devices {@code all}, a count or GPU indices: the devices that train together
     * @param precision arithmetic precision
     * @param checkpointEvery iterations between checkpoints
     * @param keepCheckpoints most recent checkpoints kept
     * @param maxSteps stop after this many iterations, 0 for no limit
     * @param logEvery iterations between loss reads and log lines
     * @param init the weights the run starts from
     */
    public record Train(int epochs, int batchSize, int accumulateSteps, Path output, long seed, String device, String devices,
            Precision precision, int checkpointEvery, int keepCheckpoints, long maxSteps, int logEvery, Init init) {

        /** @return images per optimizer step in this process: the batch size times the accumulation steps */
        public int stepBatch() {
            return batchSize * accumulateSteps;
        }
    }

    /**
     * @param from the weights file, empty for a random initialisation
     * @param format its layout, a {@code WeightsFormat} name ({@code auto} recognises it)
     * @param strict whether missing, unexpected or misshapen tensors are refused
     * @param adaptChannels whether an RGB patch embedding is adapted to the backbone's input channel count
     */
    public record Init(Optional<Path> from, String format, boolean strict, boolean adaptChannels) {}

    /**
     * @param lr learning rate after warm-up for a batch of 256 (reference {@code lr})
     * @param minLr learning rate at the end of the cosine schedule
     * @param warmupEpochs epochs of linear learning-rate warm-up
     * @param weightDecay initial weight decay
     * @param weightDecayEnd weight decay at the end of training
     * @param clipGrad maximum gradient norm of each parameter, 0 for no clipping
     * @param freezeLastLayer epochs during which the head's last layer is not trained
     * @param freezeBackboneEpochs epochs during which only the head is trained
     */
    public record Optimizer(double lr, double minLr, int warmupEpochs, double weightDecay, double weightDecayEnd,
            double clipGrad, int freezeLastLayer, int freezeBackboneEpochs) {

        /**
         * @param batchSize images per optimizer step, over all processes
         * @return the peak learning rate, {@link #lr} scaled linearly by {@code batchSize / 256} as the reference does
         */
        public double scaledLr(int batchSize) {
            return lr * batchSize / 256.0;
        }
    }

    /**
     * The DINO loss's settings: the one form they take, from the keys to the loss.
     *
     * @param teacherTemperature teacher softmax temperature after warm-up
     * @param warmupTeacherTemperature initial teacher temperature
     * @param warmupTeacherEpochs epochs of teacher temperature warm-up
     * @param studentTemperature student softmax temperature
     * @param centerMomentum momentum of the center subtracted from teacher outputs
     * @param centering the running center or Sinkhorn-Knopp
     * @param koleoWeight weight of the KoLeo regulariser, 0 for none
     * @param ibot DINOv2's iBOT masked-patch term
     */
    public record Loss(double teacherTemperature, double warmupTeacherTemperature, int warmupTeacherEpochs,
            double studentTemperature, double centerMomentum, Centering centering, double koleoWeight, Ibot ibot) {

        /** Without iBOT. */
        public Loss(double teacherTemperature, double warmupTeacherTemperature, int warmupTeacherEpochs, double studentTemperature,
                double centerMomentum, Centering centering, double koleoWeight) {
            this(teacherTemperature, warmupTeacherTemperature, warmupTeacherEpochs, studentTemperature, centerMomentum, centering,
                    koleoWeight, Ibot.OFF);
        }

        /** DINO's loss: the running center, no KoLeo. */
        public Loss(double teacherTemperature, double warmupTeacherTemperature, int warmupTeacherEpochs, double studentTemperature,
                double centerMomentum) {
            this(teacherTemperature, warmupTeacherTemperature, warmupTeacherEpochs, studentTemperature, centerMomentum,
                    Centering.CENTER, 0);
        }
    }

    /**
     * DINOv2's iBOT term ({@code dino.ibot.*}): block-wise masks on the student's global crops, and the
     * cross-entropy of the teacher's patch outputs at the masked patches against the student's. Its
     * temperatures, centre momentum and centering are the DINO term's, as in DINOv2.
     *
     * @param weight the term's weight, 0 for none
     * @param maskProbability the share of global crops masked
     * @param minRatio the smallest share of a masked crop's patches
     * @param maxRatio the largest
     * @param separateHead whether the patch tokens go through a head of their own rather than the DINO head
     */
    public record Ibot(double weight, double maskProbability, double minRatio, double maxRatio, boolean separateHead) {
        /** No iBOT term. */
        public static final Ibot OFF = new Ibot(0, 0.5, 0.1, 0.5, false);

        /** @return whether the term is on */
        public boolean enabled() {
            return weight > 0;
        }
    }

    /** How the teacher outputs are centred ({@code dino.teacher.centering}). */
    public enum Centering {
        /** DINO's running center, subtracted before the sharpened softmax. */
        CENTER,
        /** DINOv2's Sinkhorn-Knopp assignment over the batch of all processes. */
        SINKHORN_KNOPP;

        static Centering parse(String value) {
            return value.trim().equals("sinkhorn-knopp") ? SINKHORN_KNOPP : CENTER;
        }
    }

    /**
     * @param knnEvery epochs between k-NN evaluations during training, 0 for none
     * @param knnK neighbours
     * @param knnTemperature temperature of the votes
     * @param knnTrainLimit at most this many bank images, 0 for all
     * @param knnTestLimit at most this many query images, 0 for all
     * @param knnBaselines whether the end of training compares with the random initialisation and raw pixels
     * @param knnBaselinesByDefault whether {@code knnBaselines} is the default rather than asked for
     */
    public record Eval(int knnEvery, int knnK, double knnTemperature, int knnTrainLimit, int knnTestLimit, boolean knnBaselines,
            boolean knnBaselinesByDefault) {}

    /**
     * The process layout as set in the configuration; each value is empty when unset.
     *
     * @param worldSize processes that train together
     * @param rank this process's rank
     * @param localRank this process's rank on its machine
     * @param masterAddress host of rank 0
     * @param masterPort port of rank 0's rendezvous
     * @param timeoutSeconds seconds to wait for the other processes
     * @param listenAddress the address on which rank 0's rendezvous store listens
     */
    public record Distributed(Optional<Integer> worldSize, Optional<Integer> rank, Optional<Integer> localRank,
            Optional<String> masterAddress, Optional<Integer> masterPort, Optional<Integer> timeoutSeconds,
            Optional<String> listenAddress) {}

    /**
     * @param settings validated settings, as {@link ConfigLoader} builds them
     * @return the engine's settings, parsed
     */
    static EngineSettings from(DinoSettings settings) {
        return new EngineSettings(
                new Data(settings.optional(DATA_PATH).orElse(null), settings.integer(DATA_LIMIT), settings.integer(DATA_WORKERS),
                        !fromDefaults(settings, DATA_PATH) && !settings.all().get(DATA_PATH).source().equals(ConfigLoader.DEMO_SOURCE)),
                new Train(settings.integer(TRAIN_EPOCHS), settings.integer(TRAIN_BATCH_SIZE), settings.integer(TRAIN_ACCUMULATE_STEPS),
                        Path.of(settings.string(TRAIN_OUTPUT)), settings.longValue(TRAIN_SEED), settings.string(TRAIN_DEVICE),
                        settings.string(TRAIN_DEVICES), Precision.parse(settings.string(TRAIN_PRECISION)),
                        settings.integer(TRAIN_CHECKPOINT_EVERY), settings.integer(TRAIN_KEEP_CHECKPOINTS),
                        settings.longValue(TRAIN_MAX_STEPS), settings.integer(TRAIN_LOG_EVERY),
                        new Init(settings.optional(TRAIN_INIT_FROM).map(Path::of), settings.string(TRAIN_INIT_FORMAT),
                                settings.bool(TRAIN_INIT_STRICT), settings.bool(TRAIN_INIT_ADAPT_CHANNELS))),
                new Optimizer(settings.number(OPTIMIZER_LR), settings.number(OPTIMIZER_MIN_LR), settings.integer(OPTIMIZER_WARMUP_EPOCHS),
                        settings.number(OPTIMIZER_WEIGHT_DECAY), settings.number(OPTIMIZER_WEIGHT_DECAY_END),
                        settings.number(OPTIMIZER_CLIP_GRAD), settings.integer(OPTIMIZER_FREEZE_LAST_LAYER),
                        settings.integer(OPTIMIZER_FREEZE_BACKBONE_EPOCHS)),
                new Loss(settings.number(TEACHER_TEMPERATURE), settings.number(TEACHER_WARMUP_TEMPERATURE),
                        settings.integer(TEACHER_WARMUP_EPOCHS), settings.number(STUDENT_TEMPERATURE),
                        settings.number(TEACHER_CENTER_MOMENTUM), Centering.parse(settings.string(TEACHER_CENTERING)),
                        settings.number(STUDENT_KOLEO_WEIGHT),
                        new Ibot(settings.number(IBOT_LOSS_WEIGHT), settings.number(IBOT_MASK_PROBABILITY),
                                settings.number(IBOT_MASK_RATIO_MIN), settings.number(IBOT_MASK_RATIO_MAX),
                                settings.bool(IBOT_SEPARATE_HEAD))),
                new Eval(settings.integer(EVAL_KNN_EVERY), settings.integer(EVAL_KNN_K), settings.number(EVAL_KNN_TEMPERATURE),
                        settings.integer(EVAL_KNN_TRAIN_LIMIT), settings.integer(EVAL_KNN_TEST_LIMIT), settings.bool(EVAL_KNN_BASELINES),
                        fromDefaults(settings, EVAL_KNN_BASELINES)),
                new Distributed(optionalInteger(settings, DISTRIBUTED_WORLD_SIZE), optionalInteger(settings, DISTRIBUTED_RANK),
                        optionalInteger(settings, DISTRIBUTED_LOCAL_RANK), settings.optional(DISTRIBUTED_MASTER_ADDR),
                        optionalInteger(settings, DISTRIBUTED_MASTER_PORT), optionalInteger(settings, DISTRIBUTED_TIMEOUT),
                        settings.optional(DISTRIBUTED_LISTEN_ADDRESS)));
    }

    private static boolean fromDefaults(DinoSettings settings, String key) {
        SettingValue value = settings.all().get(key);
        return value == null || value.source().startsWith(ConfigLoader.DEFAULT_SOURCE);
    }

    /**
     * @param recorded the configuration recorded with a checkpoint ({@link DinoSettings#asProperties})
     * @return the images it was trained on, when recorded
     */
    public static Optional<String> recordedDataPath(Map<String, String> recorded) {
        return Optional.ofNullable(recorded.get(DATA_PATH)).map(String::trim);
    }

    /**
     * @param recorded the configuration recorded with a checkpoint ({@link DinoSettings#asProperties})
     * @return the channels of multi-channel images its report's figures show ({@code dino.report.channels}), when set
     */
    public static Optional<String> recordedReportChannels(Map<String, String> recorded) {
        return Optional.ofNullable(recorded.get(REPORT_CHANNELS)).map(String::trim);
    }

    private static Optional<Integer> optionalInteger(DinoSettings settings, String key) {
        return settings.optional(key).map(value -> settings.integer(key));
    }
}
