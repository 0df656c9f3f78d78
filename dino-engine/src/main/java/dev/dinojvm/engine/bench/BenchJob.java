package dev.dinojvm.engine.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import dev.dinojvm.api.Augmentation;
import dev.dinojvm.api.CropLayout;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.config.EngineSettings;
import dev.dinojvm.engine.data.CropBatch;
import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.data.ImageSources;
import dev.dinojvm.engine.data.MultiCropLoader;
import dev.dinojvm.engine.parallel.BatchShare;
import dev.dinojvm.engine.parallel.DistributedEnvironment;
import dev.dinojvm.engine.parallel.ProcessGroup;
import dev.dinojvm.engine.plugin.ContextLoaderSwap;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.runtime.DeviceSelector;
import dev.dinojvm.engine.train.BatchSource;
import dev.dinojvm.engine.train.DeviceMemory;
import dev.dinojvm.engine.train.DinoTrainer;
import dev.dinojvm.engine.train.ResidentMemory;
import dev.dinojvm.engine.train.StepTimer;
import dev.dinojvm.engine.job.TrainingComponents;
import dev.dinojvm.engine.train.TrainingLoop;
import dev.dinojvm.engine.train.TrainingRecipe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * {@code dino bench}: times training steps of the configured model on synthetic crops, and separately
 * the configured data pipeline, and reports both as one JSON object ({@link BenchReport}).
 *
 * <p>The model is built as {@code dino train} builds it ({@link TrainingComponents}). The synthetic
 * crops are standard-normal arrays (what normalised images look like) of the configured layout and
 * batch size, made once on the host and fed to the {@link TrainingLoop} every step, as training feeds its batches. Steps are numbered from the first epoch after the head's
 * last layer is unfrozen (when the run has one), so that every parameter is updated as in most of a run.
 *
 * <p>On the CPU every step reads its loss, as training does, and is timed on its own. On a GPU
 * training reads the loss every {@code dino.train.log-every} steps only; the benchmark does the same
 * and times windows of that many steps, each ending with the read.
 */
public final class BenchJob {

    private final DinoSettings settings;
    private final EngineSettings engine;
    private final TrainingComponents components;
    private final BenchOptions options;

    /**
     * @param settings the validated configuration
     * @param registry the loaded plugins
     * @param options what to measure
     */
    public BenchJob(DinoSettings settings, PluginRegistry registry, BenchOptions options) {
        this.settings = settings;
        this.engine = settings.engine();
        this.components = new TrainingComponents(settings, registry);
        this.options = options;
    }

    /**
     * Runs the measurements.
     *
     * @return the report
     * @throws IOException when the data cannot be read
     */
    public BenchReport run() throws IOException {
        List<Device> devices = DeviceSelector.selectAll(engine.train().device(), engine.train().devices());
        Device device = devices.get(0);
        Augmentation augmentation = components.augmentation();
        CropLayout layout;
        try (ContextLoaderSwap swap = ContextLoaderSwap.of(augmentation)) {
            layout = augmentation.layout();
        }
        BenchReport report = new BenchReport();
        if (options.model()) {
            model(devices, layout, report);
            if (devices.size() > 1) {
                BenchReport single = new BenchReport();
                model(List.of(device), layout, single);
                report.singleDeviceImagesPerSecond = single.trainingImagesPerSecond;
            }
        }
        if (options.data()) {
            data(augmentation, report);
        }
        report.peakResidentMebibytes = ResidentMemory.peakMebibytes();
        report.configuration = configuration(device, layout);
        return report;
    }

    private void model(List<Device> devices, CropLayout layout, BenchReport report) throws IOException {
        Device device = devices.get(0);
        int batch = components.stepBatch();
        long seed = engine.train().seed();
        int window = device.isGpu() ? engine.train().logEvery() : 1;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            TrainingRecipe recipe = components.recipe(options.warmup() + options.steps(), batch);
            try (DinoTrainer trainer = components.trainer(recipe, layout, manager, seed, devices, ProcessGroup.SINGLE)) {
                CropBatch crops = syntheticCrops(layout, batch, trainer.student().backbone().inputChannels(), seed);
                BatchSource synthetic = (epoch, firstBatch) -> Stream.generate(() -> crops).iterator();
                StepWindows windows = new StepWindows(window);
                TrainingLoop loop = new TrainingLoop(trainer, components.batches(synthetic, seed, 0), batch, seed, List.of(windows));
                PhaseTimer timer = null;
                if (options.profile()) {
                    timer = new PhaseTimer(device.isGpu() ? manager.zeros(new Shape(1)) : null);
                    trainer.setStepTimer(timer);
                }
                long first = recipe.iterationsPerEpoch()
                        * Math.min(engine.optimizer().freezeLastLayer(), recipe.epochs() - 1);
                loop.run(manager, first, first + options.warmup());
                if (timer != null) {
                    timer.reset();
                }
                long cpuStart = processCpuNanos();
                long wallStart = System.nanoTime();
                loop.run(manager, first + options.warmup(), first + options.warmup() + options.steps());
                report.trainingCpuLoad = (processCpuNanos() - cpuStart) / (double) (System.nanoTime() - wallStart);
                report.stepMillis = windows.millisPerStep();
                report.losses = windows.losses();
                if (trainer.lossScaler() != null) {
                    report.lossScale = trainer.lossScaler().scale();
                    report.skippedSteps = trainer.lossScaler().skippedSteps();
                }
                report.trainingImagesPerSecond = batch / (Statistics.median(report.stepMillis) / 1000);
                if (timer != null) {
                    report.phaseMillis = new java.util.EnumMap<>(StepTimer.Phase.class);
                    for (Map.Entry<StepTimer.Phase, List<Double>> e : timer.millis().entrySet()) {
                        if (!e.getValue().isEmpty()) {
                            report.phaseMillis.put(e.getKey(), Statistics.median(e.getValue()));
                        }
                    }
                    List<Double> concurrency = timer.replicaConcurrency();
                    report.replicaConcurrency = concurrency.isEmpty() ? null : Statistics.median(concurrency);
                }
                report.devices = devices.size();
                report.deviceMebibytes = DeviceMemory.mebibytes(devices);
                if (device.isGpu()) {
                    report.peakDeviceMebibytes = java.util.Arrays.stream(report.deviceMebibytes).max().orElse(0);
                }
                report.parameterCount = parameterCount(trainer);
            }
        }
    }

    /** Standard-normal crops of the configured layout (what normalised images look like), the same every step. */
    private static CropBatch syntheticCrops(CropLayout layout, int batch, int channels, long seed) {
        Random random = new Random(seed);
        float[] global = new float[layout.globalCrops() * batch * channels * layout.globalSize() * layout.globalSize()];
        float[] local = new float[layout.localCrops() * batch * channels * layout.localSize() * layout.localSize()];
        for (float[] views : List.of(global, local)) {
            for (int i = 0; i < views.length; i++) {
                views[i] = (float) random.nextGaussian();
            }
        }
        return new CropBatch(0, 0, layout, batch, global, local, new int[batch], new int[batch]);
    }

    private void data(Augmentation augmentation, BenchReport report) throws IOException {
        // Under several ranks (torchrun's variables or dino.distributed.*) this process prepares only its share
        // of each global batch, as in training, and the figures are this rank's.
        DistributedEnvironment ranks = DistributedEnvironment.resolve(settings, System.getenv());
        BatchShare share = BatchShare.of(engine.train().batchSize(), ranks.rank(), ranks.worldSize());
        int batch = share.size();
        report.dataRank = ranks.rank();
        report.dataRanks = ranks.worldSize();
        ImageSource source = ImageSources.open(engine.data().path(), "train", engine.data().limit());
        // No prefetching: each batch is prepared on demand by all the workers, so it can be timed on its own.
        try (MultiCropLoader loader = new MultiCropLoader(source, augmentation, share, engine.train().seed(),
                workers(), 0)) {
            Iterator<CropBatch> batches = loader.epoch(0, 0);
            int epoch = 0;
            List<Double> millis = new ArrayList<>();
            long cpu = 0;
            long wall = 0;
            for (int i = 0; i < options.warmup() + options.steps(); i++) {
                if (!batches.hasNext()) {
                    batches = loader.epoch(++epoch, 0);
                }
                long cpuStart = processCpuNanos();
                long start = System.nanoTime();
                batches.next();
                if (i >= options.warmup()) {
                    millis.add((System.nanoTime() - start) / 1e6);
                    cpu += processCpuNanos() - cpuStart;
                    wall += System.nanoTime() - start;
                }
            }
            report.dataCpuLoad = cpu / (double) wall;
            report.dataBatchMillis = millis;
            report.dataImagesPerSecond = batch / (Statistics.median(millis) / 1000);
            report.dataImagesPerCpuSecond = batch * millis.size() / (cpu / 1e9);
        }
        if (options.stages()) {
            report.dataStageMillis = PipelineStages.measure(source, augmentation, options.warmup() * batch, options.steps() * batch,
                    engine.train().seed());
        }
    }

    /** @return CPU time used by all threads of this process so far, in nanoseconds */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private int workers() {
        int workers = engine.data().workers();
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }

    private static long parameterCount(DinoTrainer trainer) {
        long count = 0;
        for (Pair<String, Parameter> p : trainer.student().parameters()) {
            count += p.getValue().getArray().size();
        }
        return count;
    }

    private JsonObject configuration(Device device, CropLayout layout) {
        JsonObject config = new JsonObject();
        JsonObject model = new JsonObject();
        for (Map.Entry<String, String> e : settings.asProperties().entrySet()) {
            if (e.getKey().startsWith("dino.backbone.") || e.getKey().startsWith("dino.head.")) {
                model.addProperty(e.getKey().substring("dino.".length()), e.getValue());
            }
        }
        config.add("model", model);
        JsonObject crops = new JsonObject();
        crops.addProperty("global", layout.globalCrops());
        crops.addProperty("global_size", layout.globalSize());
        crops.addProperty("local", layout.localCrops());
        crops.addProperty("local_size", layout.localSize());
        config.add("crops", crops);
        config.addProperty("batch_size", engine.train().batchSize());
        config.addProperty("device", device.toString());
        config.addProperty("precision", engine.train().precision().toString());
        config.addProperty("torch_threads", JniUtils.getNumThreads());
        config.addProperty("torch_interop_threads", JniUtils.getNumInteropThreads());
        config.addProperty("data_workers", workers());
        config.addProperty("available_processors", Runtime.getRuntime().availableProcessors());
        config.addProperty("data", engine.data().path());
        config.addProperty("steps", options.steps());
        config.addProperty("warmup", options.warmup());
        config.addProperty("profile", options.profile());
        config.addProperty("timing_window_steps", device.isGpu() ? engine.train().logEvery() : 1);
        return config;
    }
}
