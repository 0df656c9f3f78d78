package dev.dinojvm.engine.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.dinojvm.api.Augmentation;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.api.CropLayout;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.config.EngineKeys;
import dev.dinojvm.engine.eval.KnnResult;
import dev.dinojvm.engine.eval.TrainingKnn;
import dev.dinojvm.engine.data.CropBatch;
import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.data.ImageSources;
import dev.dinojvm.engine.data.MultiCropLoader;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.runtime.DeviceSelector;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code dino train}: builds the configured components, trains with checkpoints, resumes where a
 * previous run of the same output directory stopped, and ends with a summary.
 */
public final class TrainJob {

    /** Keys that may differ between a checkpoint and the run resuming it. */
    static final Set<String> RESUMABLE_CHANGES = Set.of("dino.train.output", "dino.train.max-steps",
            "dino.train.device", "dino.train.checkpoint-every", "dino.train.keep-checkpoints", "dino.train.log-every",
            "dino.data.workers", "dino.plugins.dir",
            "dino.eval.knn-every", "dino.eval.knn-k", "dino.eval.knn-temperature", "dino.eval.knn-train-limit", "dino.eval.knn-test-limit");

    /** Exit code of a run that a {@link TrainingListener} stopped; its last iteration is checkpointed. */
    public static final int STOPPED = 3;

    private final DinoSettings settings;
    private final PluginRegistry registry;
    private final PrintStream out;
    private final TrainingListener listener;
    private final TrainingComponents components;

    private TrainJob(DinoSettings settings, PluginRegistry registry, PrintStream out, TrainingListener listener) {
        this.settings = settings;
        this.registry = registry;
        this.out = out;
        this.listener = listener;
        this.components = new TrainingComponents(settings, registry);
    }

    /**
     * Runs the training job.
     *
     * @param settings the validated configuration
     * @param registry the loaded plugins
     * @param resume whether the user asked to resume (an existing checkpoint in the output directory is
     *     resumed either way; with this flag, its absence is an error)
     * @return the process exit code
     */
    public static int run(DinoSettings settings, PluginRegistry registry, boolean resume) {
        return run(settings, registry, resume, System.out, TrainingListener.NONE);
    }

    /**
     * Runs the training job, reporting each iteration to a listener that may stop it.
     *
     * @param settings the validated configuration
     * @param registry the loaded plugins
     * @param resume whether a checkpoint to resume from must exist
     * @param out where the progress and the summary are printed
     * @param listener called once per iteration; returning {@code false} stops the run
     * @return the exit code: 0, 1 for a non-finite loss, or {@link #STOPPED}
     */
    public static int run(DinoSettings settings, PluginRegistry registry, boolean resume, PrintStream out,
            TrainingListener listener) {
        return new TrainJob(settings, registry, out, listener).execute(resume);
    }

    private int execute(boolean resume) {
        Path output = Path.of(settings.string("dino.train.output"));
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output directory " + output + ": " + e.getMessage(), e);
        }
        try (FileChannel lockFile = FileChannel.open(output.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("another dino train is already writing to " + output);
            }
            return train(output, resume);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private int train(Path output, boolean resume) throws IOException {
        Checkpoints checkpoints = new Checkpoints(output, settings.integer("dino.train.keep-checkpoints"));
        Optional<Path> previous = checkpoints.latest();
        if (resume && previous.isEmpty()) {
            throw new ConfigException(List.of(new ConfigProblem("dino.train.output",
                    "--resume was given but " + output + " holds no checkpoint to resume from")));
        }
        Map<String, String> config = settings.asProperties();
        if (previous.isPresent()) {
            checkConsistent(Checkpoints.config(previous.get()), config, previous.get());
        }

        Device device = DeviceSelector.select(settings.string("dino.train.device"));
        long seed = settings.longValue("dino.train.seed");
        int batchSize = settings.integer("dino.train.batch-size");
        Augmentation augmentation = components.augmentation();
        CropLayout layout = augmentation.layout();
        ImageSource source = ImageSources.open(settings.string("dino.data.path"), "train", settings.integer("dino.data.limit"));
        int workers = settings.integer("dino.data.workers");
        workers = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();

        try (NDManager manager = NDManager.newBaseManager(device);
                MultiCropLoader loader = new MultiCropLoader(source, augmentation, batchSize, seed, workers, 2 * workers);
                MetricsLog metrics = new MetricsLog(output.resolve("metrics.jsonl"), previous.isPresent() ? iterationOf(previous.get()) : 0)) {
            TrainingRecipe recipe = components.recipe(loader.batchesPerEpoch(), batchSize);
            try (DinoTrainer trainer = components.trainer(recipe, layout, manager, seed)) {
                long start = 0;
                if (previous.isPresent()) {
                    start = Checkpoints.restore(previous.get(), trainer, manager);
                    out.println("Resuming from " + previous.get() + " at iteration " + start + " of " + recipe.totalIterations());
                }
                Optional<TrainingKnn> knn = TrainingKnn.fromSettings(settings, out);
                return loop(new Run(output, checkpoints, loader, trainer, metrics, config, manager, seed, batchSize, layout, knn), start);
            }
        }
    }

    /** What the loop works with. */
    private record Run(Path output, Checkpoints checkpoints, MultiCropLoader loader, DinoTrainer trainer, MetricsLog metrics,
            Map<String, String> config, NDManager manager, long seed, int batchSize, CropLayout layout,
            Optional<TrainingKnn> knn) {
        Device device() {
            return manager.getDevice();
        }
    }

    private int loop(Run run, long start) throws IOException {
        TrainingRecipe recipe = run.trainer().recipe();
        long total = recipe.totalIterations();
        long maxSteps = settings.longValue("dino.train.max-steps");
        long stop = maxSteps > 0 ? Math.min(total, maxSteps) : total;
        int checkpointEvery = settings.integer("dino.train.checkpoint-every");
        int logEvery = settings.integer("dino.train.log-every");
        // On a GPU, reading the loss waits for the step to finish: read it every log-every steps only
        // (docs/performance.md). On the CPU the step is synchronous anyway, so every step is read and logged.
        boolean deferLossReads = run.device().isGpu() && logEvery > 1;
        ProgressDisplay progress = new ProgressDisplay(out, System.console() != null, logEvery, total);
        CollapseDetector collapse = new CollapseDetector(run.trainer().student().head().outputDim(), 200, recipe.iterationsPerEpoch());
        Throughput throughput = new Throughput();
        List<Float> losses = new ArrayList<>();
        if (start >= stop) {
            out.println("Nothing to do: the run in " + run.output() + " has already reached iteration " + start + ".");
            exportBackbone(run);
            return 0;
        }
        out.printf("Training on %s: %d iterations per epoch, %d epochs, batch %d, %d+%d crops (%d px / %d px)%n",
                run.device(), recipe.iterationsPerEpoch(), recipe.epochs(), run.batchSize(), run.layout().globalCrops(),
                run.layout().localCrops(), run.layout().globalSize(), run.layout().localSize());

        long iteration = start;
        int epoch = (int) (start / recipe.iterationsPerEpoch());
        Iterator<CropBatch> batches = run.loader().epoch(epoch, (int) (start % recipe.iterationsPerEpoch()));
        try {
            while (iteration < stop) {
                if (!batches.hasNext()) {
                    epoch++;
                    batches = run.loader().epoch(epoch, 0);
                }
                CropBatch batch = batches.next();
                Engine.getInstance().setRandomSeed(iterationSeed(run.seed(), iteration));
                boolean saveAfter = (iteration + 1) % checkpointEvery == 0 || (iteration + 1) % recipe.iterationsPerEpoch() == 0
                        || iteration + 1 == stop;
                // A checkpoint is only written after a step whose loss was read and found finite.
                boolean readLoss = !deferLossReads || saveAfter || (iteration + 1) % logEvery == 0;
                DinoTrainer.StepResult result;
                try (NDManager step = run.manager().newSubManager()) {
                    result = run.trainer().step(iteration, views(step, batch, true), views(step, batch, false), readLoss);
                }
                iteration++;
                throughput.record(run.batchSize());
                if (!result.lossRead()) {
                    continue;
                }
                losses.add(result.loss());
                run.metrics().append(result, epoch, throughput.imagesPerSecond(), throughput.elapsedSeconds());
                progress.update(result, recipe.epochs(), throughput.imagesPerSecond(), throughput.secondsPerIteration());
                String warning = collapse.observe(result.iteration(), result.loss());
                if (warning != null) {
                    progress.message("warning: " + warning);
                }
                boolean epochEnd = iteration % recipe.iterationsPerEpoch() == 0;
                if (epochEnd && run.knn().isPresent() && run.knn().get().due(epoch + 1)) {
                    evaluateKnn(run, iteration, epoch, progress);
                }
                boolean goOn = listener.afterIteration(new TrainingListener.IterationProgress(result, epoch, recipe.epochs(),
                        iteration, stop, total, throughput.imagesPerSecond(), throughput.secondsPerIteration()));
                if (saveAfter || !goOn) {
                    save(run, iteration);
                }
                if (!goOn && iteration < stop) {
                    progress.finish();
                    out.println("Stopped at iteration " + iteration + " of " + stop + "; checkpoint saved in " + run.output());
                    return STOPPED;
                }
            }
        } catch (NonFiniteLossException e) {
            progress.finish();
            out.println("error: " + e.getMessage());
            run.checkpoints().latest().ifPresent(p -> out.println("The last good checkpoint is " + p));
            return 1;
        }
        progress.finish();
        summary(run, start, iteration, losses, throughput);
        if (ImageSources.EMBEDDED_FASHION_MNIST.equals(settings.string(EngineKeys.DATA_PATH))) {
            demoKnn(run);
        }
        return 0;
    }

    /** Logs the teacher's k-NN accuracy after an epoch; the line's iteration is the epoch's last. */
    private void evaluateKnn(Run run, long iteration, int epoch, ProgressDisplay progress) throws IOException {
        DinoNetwork teacher = run.trainer().teacher();
        KnnResult result = run.knn().orElseThrow().evaluate(run.manager(), teacher::features, teacher.backbone().imageSize());
        run.metrics().appendKnn(iteration - 1, epoch, result);
        progress.message(String.format(Locale.ROOT, "k-NN after epoch %d: top-1 %.2f %%, top-5 %.2f %% (teacher, k=%d, T=%s, %d bank / %d queries)",
                epoch + 1, result.top1(), result.top5(), result.k(), result.temperature(), result.trainSize(), result.testSize()));
    }

    /**
     * The embedded demo's closing comparison: the trained teacher's k-NN top-1 next to that of the same
     * architecture at the run's random initialisation (the first 2,000 train images as the bank, the
     * first 1,000 test images as queries).
     */
    private void demoKnn(Run run) throws IOException {
        String path = ImageSources.EMBEDDED_FASHION_MNIST;
        TrainingKnn knn = new TrainingKnn(ImageSources.open(path, "train", 2000), ImageSources.open(path, "test", 1000),
                settings.integer(EngineKeys.EVAL_KNN_K), settings.number(EngineKeys.EVAL_KNN_TEMPERATURE), 1);
        long started = System.nanoTime();
        DinoNetwork teacher = run.trainer().teacher();
        int size = teacher.backbone().imageSize();
        KnnResult trained = knn.evaluate(run.manager(), teacher::features, size);
        KnnResult initial;
        try (NDManager scope = run.manager().newSubManager()) {
            Engine.getInstance().setRandomSeed((int) run.seed()); // as at the start of the run: the same initial weights
            DinoNetwork untrained = components.network(dev.dinojvm.api.ModelRole.STUDENT, scope);
            initial = knn.evaluate(scope, untrained::features, size);
        }
        out.printf(Locale.ROOT, "k-NN top-1 on the embedded test images (k=%d, T=%s, %d bank / %d queries): %.2f %% for the trained teacher, "
                + "%.2f %% for the same network at its random initialisation (evaluated in %.0f s).%n", trained.k(),
                trained.temperature(), trained.trainSize(), trained.testSize(), trained.top1(), initial.top1(),
                (System.nanoTime() - started) / 1e9);
        out.println("A few CPU minutes of DINO barely move k-NN on 28-px images, so expect the two to be close; "
                + "DINO's k-NN gains come over long runs (the paper trains 100-800 epochs).");
    }

    private void save(Run run, long iteration) throws IOException {
        run.checkpoints().save(iteration, run.trainer(), run.config());
        exportBackbone(run);
    }

    private void exportBackbone(Run run) throws IOException {
        Path file = run.output().resolve("backbone.safetensors");
        Path temporary = run.output().resolve(".backbone.safetensors.tmp");
        SafetensorsFiles.write(temporary, SafetensorsFiles.values(run.trainer().teacher().parameters(), "backbone."));
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private void summary(Run run, long start, long end, List<Float> losses, Throughput throughput) {
        int window = Math.min(10, losses.size());
        out.printf("Trained iterations %d to %d in %s: %.1f images/s on %s.%n", start + 1, end,
                ProgressDisplay.format(java.time.Duration.ofSeconds(Math.round(throughput.elapsedSeconds()))),
                throughput.overallImagesPerSecond(), run.device());
        out.printf("Loss: %.4f (mean of the first %d iterations of this run) -> %.4f (mean of the last %d); ln(out-dim) = %.4f.%n",
                mean(losses.subList(0, window)), window, mean(losses.subList(losses.size() - window, losses.size())), window,
                Math.log(run.trainer().student().head().outputDim()));
        if (!run.loader().skipped().isEmpty()) {
            out.println(run.loader().skipped().summary());
        }
        out.println("Teacher backbone: " + run.output().resolve("backbone.safetensors") + " (official DINO/timm parameter names)");
        out.println("Metrics: " + run.output().resolve("metrics.jsonl") + "; checkpoints: " + run.output().resolve("checkpoints"));
        dev.dinojvm.engine.report.TrainingReport.writeAfterTraining(run.output(), registry, run.device(), out);
    }

    private static double mean(List<Float> values) {
        return values.stream().mapToDouble(Float::doubleValue).average().orElse(Double.NaN);
    }

    private static NDArray views(NDManager manager, CropBatch batch, boolean global) {
        CropLayout layout = batch.layout();
        int count = global ? layout.globalCrops() : layout.localCrops();
        if (count == 0) {
            return null;
        }
        int size = global ? layout.globalSize() : layout.localSize();
        return manager.create(global ? batch.globalViews() : batch.localViews(), new Shape((long) count * batch.batchSize(), 3, size, size));
    }

    static int iterationSeed(long seed, long iteration) {
        long z = seed * 0x9E3779B97F4A7C15L + iteration;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (int) ((z ^ (z >>> 31)) & 0x7fffffff);
    }

    private static long iterationOf(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring(Checkpoints.PREFIX.length()));
    }

    static void checkConsistent(Map<String, String> stored, Map<String, String> current, Path checkpoint) {
        List<ConfigProblem> problems = new ArrayList<>();
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(stored.keySet());
        keys.addAll(current.keySet());
        for (String key : keys) {
            String was = stored.get(key);
            String now = current.get(key);
            if (!RESUMABLE_CHANGES.contains(key) && !java.util.Objects.equals(was, now)) {
                problems.add(new ConfigProblem(key, "is " + now + " but the checkpoint " + checkpoint.getFileName()
                        + " was trained with " + was + "; use another --output for a new run, or resume with the same value"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
