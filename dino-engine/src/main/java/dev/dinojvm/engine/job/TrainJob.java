package dev.dinojvm.engine.job;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.dinojvm.api.Augmentation;
import dev.dinojvm.api.BackboneFactory;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.config.EngineKeys;
import dev.dinojvm.engine.config.EngineSettings;
import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.data.ImageSources;
import dev.dinojvm.engine.data.MultiCropLoader;
import dev.dinojvm.engine.eval.TrainingKnn;
import dev.dinojvm.engine.parallel.BatchShare;
import dev.dinojvm.engine.parallel.DistributedEnvironment;
import dev.dinojvm.engine.parallel.ProcessGroup;
import dev.dinojvm.engine.parallel.ProcessGroups;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.runtime.DeviceSelector;
import dev.dinojvm.engine.train.Checkpoints;
import dev.dinojvm.engine.train.DinoTrainer;
import dev.dinojvm.engine.train.ProgressDisplay;
import dev.dinojvm.engine.train.RunOutcome;
import dev.dinojvm.engine.train.TrainingListener;
import dev.dinojvm.engine.train.TrainingLoop;
import dev.dinojvm.engine.train.TrainingRecipe;
import dev.dinojvm.engine.weights.ChannelAdaptation;
import dev.dinojvm.engine.weights.InitialWeights;
import dev.dinojvm.engine.weights.WeightsFileException;
import dev.dinojvm.engine.weights.WeightsFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A training run of an output directory: locks it, resumes from its latest checkpoint, builds the
 * components and the listeners, and runs the {@link TrainingLoop}. {@code dino train} and the service's
 * jobs both run through here.
 */
public final class TrainJob {

    /** The checkpoint configuration entry with the SHA-256 of the {@code --init-from} file. */
    static final String INIT_SHA256 = "dino.train.init-sha256";

    private final DinoSettings settings;
    private final EngineSettings engine;
    private final PluginRegistry registry;
    private final PrintStream out;
    private final List<TrainingListener> extraListeners;
    private final TrainingComponents components;
    private final ImageSource source;

    private TrainJob(DinoSettings settings, ImageSource source, PluginRegistry registry, PrintStream out,
            List<TrainingListener> extraListeners) {
        this.settings = settings;
        this.source = source;
        this.engine = settings.engine();
        this.registry = registry;
        this.out = out;
        this.extraListeners = extraListeners;
        this.components = new TrainingComponents(settings, registry);
    }

    /**
     * Runs a training job.
     *
     * @param settings the validated configuration
     * @param registry the loaded plugins
     * @param resume whether a checkpoint to resume from must exist (an existing one is resumed either way)
     * @param out where the progress and the summary are printed
     * @param extraListeners listeners called after the job's own (a service's job state, say)
     * @return how the run ended
     */
    public static RunOutcome run(DinoSettings settings, PluginRegistry registry, boolean resume, PrintStream out,
            List<TrainingListener> extraListeners) {
        EngineSettings engine = settings.engine();
        ImageSource source;
        Optional<Map<String, String>> recorded;
        try {
            source = ImageSources.open(engine.data().path(), "train", engine.data().limit());
            Optional<Path> previous = new Checkpoints(engine.train().output(), engine.train().keepCheckpoints()).latest();
            recorded = previous.isPresent() ? Optional.of(Checkpoints.config(previous.get())) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        DinoSettings resolved = DataDerivedSettings.resolve(settings, source, recorded, out);
        requireInitialWeightsChannels(resolved);
        return new TrainJob(resolved, source, registry, out, extraListeners).execute(resume);
    }

    /**
     * With {@code dino.train.init-from} and the input channels taken from the data: refuses a file of another
     * channel count that may not be adapted now, before anything in the output directory is written.
     */
    private static void requireInitialWeightsChannels(DinoSettings settings) {
        EngineSettings.Init init = settings.engine().train().init();
        ComponentConfig backbone = settings.component(ComponentKind.BACKBONE);
        Optional<Integer> channels = backbone.declares(BackboneFactory.INPUT_CHANNELS_KEY)
                ? backbone.getInt(BackboneFactory.INPUT_CHANNELS_KEY) : Optional.empty();
        if (init.from().isEmpty() || channels.isEmpty() || !init.strict()) {
            return;
        }
        try {
            InitialWeights.requireChannels(init.from().get(), WeightsFormat.parse(init.format()), channels.get(),
                    ChannelAdaptation.forTraining(init.adaptChannels()));
        } catch (WeightsFileException e) {
            throw new ConfigException(List.of(new ConfigProblem(EngineKeys.TRAIN_INIT_FROM, e.getMessage())));
        }
    }

    private RunOutcome execute(boolean resume) {
        Path output = engine.train().output();
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output directory " + output + ": " + e.getMessage(), e);
        }
        DistributedEnvironment environment = DistributedEnvironment.resolve(settings, System.getenv());
        try (ProcessGroup group = ProcessGroups.open(environment, settings)) {
            if (group.worldSize() > 1) {
                out.println("Process " + group.rank() + " of " + group.worldSize() + " (local rank " + environment.localRank()
                        + "); rank 0 writes the checkpoints, metrics and report");
            }
            if (group.rank() != 0) {
                return train(output, resume, group, environment);
            }
            try (FileChannel lockFile = FileChannel.open(output.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockFile.tryLock()) {
                if (lock == null) {
                    throw new IllegalStateException("another dino train is already writing to " + output);
                }
                return train(output, resume, group, environment);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private RunOutcome train(Path output, boolean resume, ProcessGroup group, DistributedEnvironment environment) throws IOException {
        Checkpoints checkpoints = new Checkpoints(output, engine.train().keepCheckpoints());
        Optional<Path> previous = checkpoints.latest();
        if (resume && previous.isEmpty()) {
            throw new ConfigException(List.of(new ConfigProblem(EngineKeys.TRAIN_OUTPUT,
                    "--resume was given but " + output + " holds no checkpoint to resume from")));
        }
        Map<String, String> config = new java.util.TreeMap<>(settings.asProperties());
        // Where the run started from goes into every checkpoint's configuration (and so the report); a resume
        // hashes the same file again, so it must match. Checked before anything in the output is touched.
        Optional<Path> initFrom = engine.train().init().from();
        if (initFrom.isPresent()) {
            config.put(INIT_SHA256, InitialWeights.sha256(initFrom.get()));
        }
        if (previous.isPresent()) {
            checkConsistent(Checkpoints.config(previous.get()), config, settings.resumableKeys(), previous.get());
        }

        List<Device> devices = DeviceSelector.selectAll(engine.train().device(), engine.train().devices());
        if (group.worldSize() > 1 && devices.size() == 1 && devices.get(0).isGpu()) {
            devices = List.of(Device.gpu(environment.localRank())); // one GPU per process, as torchrun's LOCAL_RANK says
        }
        boolean writes = group.rank() == 0;
        long seed = engine.train().seed();
        int batchSize = components.stepBatch();
        Augmentation augmentation = components.augmentation();
        int workers = engine.data().workers();
        workers = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();

        // One process only: the ranks of a multi-process run could stop at different steps and wait for each other.
        try (StopOnTermination termination = group.worldSize() == 1 ? StopOnTermination.install(out) : null;
                NDManager manager = NDManager.newBaseManager(devices.get(0));
                MultiCropLoader loader = new MultiCropLoader(source, augmentation, BatchShare.of(batchSize, group), seed, workers, 2 * workers);
                MetricsLog metrics = writes
                        ? new MetricsLog(output.resolve("metrics.jsonl"), previous.isPresent() ? Checkpoints.iterationOf(previous.get()) : 0)
                        : null) {
            TrainingRecipe recipe = components.recipe(loader.batchesPerEpoch(), batchSize);
            try (DinoTrainer trainer = components.trainer(recipe, loader.layout(), manager, seed, devices, group)) {
                long start = 0;
                if (previous.isPresent()) {
                    start = Checkpoints.restore(previous.get(), trainer, manager);
                    out.println("Resuming from " + previous.get() + " at iteration " + start + " of " + recipe.totalIterations());
                }
                long maxSteps = engine.train().maxSteps();
                long stop = maxSteps > 0 ? Math.min(recipe.totalIterations(), maxSteps) : recipe.totalIterations();
                List<TrainingListener> listeners = new ArrayList<>(writes ? listeners(output, checkpoints, config, loader, metrics, manager, recipe)
                        : List.of(new ProgressListener(out, new ProgressDisplay(out, false, engine.train().logEvery(),
                                recipe.totalIterations()), engine.train().logEvery(), output, loader.layout(), engine.train().precision())));
                if (termination != null) {
                    listeners.add(termination);
                }
                return new TrainingLoop(trainer, components.batches(loader::epoch, seed, group.rank()), batchSize, seed, listeners)
                        .run(manager, start, stop);
            }
        }
    }

    /** The job's listeners, in the order they run: what is written to disk first, then what is shown. */
    private List<TrainingListener> listeners(Path output, Checkpoints checkpoints, Map<String, String> config,
            MultiCropLoader loader, MetricsLog metrics, NDManager manager, TrainingRecipe recipe) throws IOException {
        int logEvery = engine.train().logEvery();
        ProgressDisplay progress = new ProgressDisplay(out, System.console() != null, logEvery, recipe.totalIterations());
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(new ProgressListener(out, progress, logEvery, output, loader.layout(), engine.train().precision()));
        listeners.add(new MetricsListener(metrics, logEvery));
        listeners.add(new CollapseListener(progress));
        Optional<TrainingKnn> knn = TrainingKnn.fromSettings(settings, out);
        knn.ifPresent(evaluation -> listeners.add(new KnnListener(evaluation, metrics, progress, manager)));
        listeners.add(new CheckpointListener(checkpoints, output, config, engine.train().checkpointEvery()));
        listeners.add(new SummaryListener(out, output, checkpoints, loader::skipped));
        if (engine.eval().knnBaselines() && knn.isPresent()) {
            listeners.add(new DemoComparisonListener(components, knn.get(), metrics, manager, engine.train().seed(), out,
                    ImageSources.EMBEDDED_FASHION_MNIST.equals(engine.data().path()), engine.eval().knnBaselinesByDefault()));
        }
        listeners.add(new ReportListener(output, registry, out));
        listeners.addAll(extraListeners);
        return listeners;
    }

    /**
     * Refuses to resume with a setting changed that its declaration does not allow to change on resume.
     *
     * @param stored the configuration recorded in the checkpoint
     * @param current the configuration of this run
     * @param resumable the keys declared as changeable on resume ({@link DinoSettings#resumableKeys})
     * @param checkpoint the checkpoint, for the message
     * @throws ConfigException naming every key that differs and may not
     */
    static void checkConsistent(Map<String, String> stored, Map<String, String> current, Set<String> resumable, Path checkpoint) {
        List<ConfigProblem> problems = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(stored.keySet());
        keys.addAll(current.keySet());
        for (String key : keys) {
            String was = stored.get(key);
            String now = current.get(key);
            if (!resumable.contains(key) && !Objects.equals(was, now)) {
                problems.add(new ConfigProblem(key, "is " + now + " but the checkpoint " + checkpoint.getFileName()
                        + " was trained with " + was + "; use another --output for a new run, or resume with the same value"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
