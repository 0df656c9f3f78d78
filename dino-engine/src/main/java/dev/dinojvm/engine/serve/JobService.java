package dev.dinojvm.engine.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.ConfigInput;
import dev.dinojvm.engine.config.ConfigLoader;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.config.EngineKeys;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.plugin.PluginSource;
import dev.dinojvm.engine.runtime.DjlRuntime;
import dev.dinojvm.engine.job.TrainJob;
import dev.dinojvm.engine.train.IterationEvent;
import dev.dinojvm.engine.train.RunOutcome;
import dev.dinojvm.engine.train.TrainingListener;
import dev.dinojvm.engine.train.TrainingRun;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The training jobs of {@code dino serve}: validates and stores submissions, runs them on a queue
 * with a fixed number of training threads in this process, and resumes the unfinished ones after a
 * restart. Started by {@code dino serve}; until then the API answers 503. Tests start it on first use
 * ({@code dino.serve.start-on-first-use}).
 */
@ApplicationScoped
public class JobService {

    /** How problems name the source of a request's settings. */
    static final String REQUEST_SOURCE = "request";

    private static final Logger LOG = Logger.getLogger(JobService.class);

    @Inject
    ObjectMapper mapper;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "dino.serve.data-dir")
    Optional<Path> configuredDataDir;

    @ConfigProperty(name = "dino.serve.max-concurrent", defaultValue = "1")
    int maxConcurrent;

    @ConfigProperty(name = "dino.serve.max-queue", defaultValue = "100")
    int maxQueue;

    @ConfigProperty(name = "dino.serve.token")
    Optional<String> configuredToken;

    @ConfigProperty(name = "dino.serve.token-file")
    Optional<Path> tokenFile;

    @ConfigProperty(name = "dino.serve.start-on-first-use", defaultValue = "false")
    boolean startOnFirstUse;

    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final ThreadCounter threads = new ThreadCounter();
    private PluginRegistry registry;
    private Path dataDir;
    private JobStore store;
    private ApiToken token;
    private ExecutorService executor;
    private FileChannel dataDirLock;
    private ServeMetrics metrics;
    private volatile boolean shuttingDown;

    /** @return the data directory used when {@code dino.serve.data-dir} is not set */
    public static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".dino", "serve");
    }

    /**
     * Opens the data directory, loads the stored jobs and queues the unfinished ones again.
     *
     * @param plugins the plugins jobs may use
     * @throws IllegalStateException when another service uses the data directory
     */
    public synchronized void start(PluginRegistry plugins) {
        if (registry != null) {
            return;
        }
        try {
            dataDir = Files.createDirectories(configuredDataDir.orElse(defaultDataDir()).toAbsolutePath().normalize());
            dataDirLock = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (dataDirLock.tryLock() == null) {
                throw new IllegalStateException("another dino serve is using the data directory " + dataDir);
            }
            store = new JobStore(dataDir, mapper);
            token = ApiToken.load(configuredToken, tokenFile, dataDir);
            registry = plugins;
            executor = Executors.newFixedThreadPool(Math.max(1, maxConcurrent), threads);
            metrics = new ServeMetrics(meters, this);
            for (JobRecord stored : store.readAll()) {
                Job job = new Job(stored);
                jobs.put(stored.id(), job);
                if (!stored.state().finished()) {
                    requeue(job);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the data directory: " + e.getMessage(), e);
        }
    }

    private void requeue(Job job) {
        JobRecord stored = job.record();
        if (stored.cancelRequested()) {
            update(job, stored.withState(JobState.CANCELLED));
            return;
        }
        if (stored.state() == JobState.RUNNING) {
            LOG.infof("job %s was running when the service stopped: it resumes from its last checkpoint", stored.id());
            update(job, stored.withState(JobState.QUEUED));
        }
        executor.execute(() -> run(job));
    }

    private synchronized void ensureStarted() {
        if (registry == null) {
            if (!startOnFirstUse) {
                // dino serve has not handed over its plugins yet: starting here would ignore --plugins-dir.
                throw new ApiException(503, "the service is starting; retry in a few seconds");
            }
            start(PluginRegistry.load(List.of(PluginSource.classPath(JobService.class.getClassLoader())), false));
        }
    }

    /** @return the token {@code /api} requests must carry */
    ApiToken token() {
        ensureStarted();
        return token;
    }

    /** @return where the API token came from (never the token itself) */
    public String tokenOrigin() {
        return token().origin();
    }

    /** @return the data directory */
    public Path dataDirectory() {
        return dataDir();
    }

    /** @return the data directory */
    Path dataDir() {
        ensureStarted();
        return dataDir;
    }

    /**
     * Validates and stores a job, then queues it.
     *
     * @param settings the request's settings, dotted keys
     * @param requestProblems problems already found in the request, reported with the others
     * @return the stored job
     * @throws ApiException 400 listing every problem, 429 when the queue is full
     */
    public JobView submit(Map<String, String> settings, List<ApiError.Problem> requestProblems) {
        ensureStarted();
        String id = UUID.randomUUID().toString();
        validate(id, settings, requestProblems);
        synchronized (this) {
            long queued = count(JobState.QUEUED);
            if (queued >= maxQueue) {
                throw new ApiException(429, "the queue is full (" + queued + " jobs waiting, at most " + maxQueue
                        + "): retry when a job has started");
            }
            JobRecord record = new JobRecord(id, JobState.QUEUED, settings, Instant.now(), null, null, null, false);
            store.write(record);
            Job job = new Job(record);
            jobs.put(id, job);
            executor.execute(() -> run(job));
            return job.view();
        }
    }

    private void validate(String id, Map<String, String> settings, List<ApiError.Problem> requestProblems) {
        List<ApiError.Problem> problems = new ArrayList<>(requestProblems);
        if (settings.containsKey(EngineKeys.TRAIN_OUTPUT)) {
            problems.add(new ApiError.Problem(EngineKeys.TRAIN_OUTPUT,
                    "is chosen by the service: each job writes to its own directory (download its artifacts)"));
        }
        try {
            settings(id, settings);
        } catch (ConfigException e) {
            for (ConfigProblem problem : e.problems()) {
                if (!problem.key().equals(EngineKeys.TRAIN_OUTPUT)) {
                    problems.add(new ApiError.Problem(problem.key(), problem.message()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiException(400, "the settings are not valid", problems);
        }
    }

    private DinoSettings settings(String id, Map<String, String> settings) {
        List<String> assignments = new ArrayList<>();
        settings.forEach((key, value) -> {
            if (!key.equals(EngineKeys.TRAIN_OUTPUT)) {
                assignments.add(key + "=" + value);
            }
        });
        assignments.add(EngineKeys.TRAIN_OUTPUT + "=" + store.output(id));
        // No environment: a job is what its request says, the same after a restart.
        return new ConfigLoader(registry, Map.of()).load(new ConfigInput(null, List.of(), assignments), REQUEST_SOURCE);
    }

    /** @return every job, oldest first */
    public synchronized List<JobView> list() {
        ensureStarted();
        return jobs.values().stream().map(Job::view).toList();
    }

    /**
     * @param id a job id
     * @return the job
     * @throws ApiException 404 when there is no such job
     */
    public synchronized Job job(String id) {
        ensureStarted();
        Job job = jobs.get(id);
        if (job == null) {
            throw new ApiException(404, "no job with id '" + id + "'");
        }
        return job;
    }

    /** @return the job's training output directory */
    Path output(Job job) {
        return store.output(job.record().id());
    }

    /**
     * Cancels a queued job at once, a running one at its next iteration (after a checkpoint).
     *
     * @param id the job
     * @return the job
     * @throws ApiException 404 for no such job, 409 when it has finished
     */
    public synchronized JobView cancel(String id) {
        Job job = job(id);
        JobRecord record = job.record();
        if (record.state().finished()) {
            throw new ApiException(409, "job " + id + " has already finished (" + record.state() + ")");
        }
        if (record.state() == JobState.QUEUED) {
            update(job, record.cancelling().withState(JobState.CANCELLED));
        } else {
            update(job, record.cancelling());
            job.stop = true;
        }
        return job.view();
    }

    /**
     * Removes a finished job, its record and its output directory.
     *
     * @param id the job
     * @throws ApiException 404 for no such job, 409 while it is queued or running
     */
    public synchronized void delete(String id) {
        JobState state = job(id).record().state();
        if (!state.finished()) {
            throw new ApiException(409, "job " + id + " is " + state + ": cancel it and wait for it to end before deleting it");
        }
        jobs.remove(id);
        store.delete(id);
    }

    private void run(Job job) {
        synchronized (this) {
            if (shuttingDown || job.record().state() != JobState.QUEUED) {
                return;
            }
            update(job, job.record().withState(JobState.RUNNING));
        }
        JobRecord end;
        Path output = store.output(job.record().id());
        try {
            Files.createDirectories(output);
            try (PrintStream log = new PrintStream(Files.newOutputStream(output.resolve("train.log"),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
                DinoSettings settings = settings(job.record().id(), job.record().config());
                DjlRuntime.initialise();
                RunOutcome outcome = TrainJob.run(settings, registry, false, log, List.of(new JobListener(job)));
                end = outcome(job.record(), outcome);
            }
        } catch (RuntimeException | IOException | LinkageError e) {
            String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            LOG.warnf("job %s failed: %s", job.record().id(), message);
            end = job.record().failed(message.replaceAll("\\s*\\R\\s*", "; "));
        }
        synchronized (this) {
            update(job, end);
        }
    }

    private static JobRecord outcome(JobRecord record, RunOutcome outcome) {
        return switch (outcome.kind()) {
            case COMPLETED -> record.withState(JobState.SUCCEEDED);
            // Stopped by the shut-down rather than a client: it resumes at the next start.
            case STOPPED -> record.withState(record.cancelRequested() ? JobState.CANCELLED : JobState.QUEUED);
            case DIVERGED -> record.failed("training stopped with a non-finite loss at iteration " + (outcome.iterationsDone() + 1)
                    + "; see the artifact train.log");
        };
    }

    /** Publishes a job's progress and stops it when asked to. */
    private final class JobListener implements TrainingListener {
        private final Job job;

        JobListener(Job job) {
            this.job = job;
        }

        @Override
        public void onIteration(TrainingRun run, IterationEvent event) {
            job.progress(JobProgress.of(run, event));
            metrics.iterationTrained();
        }

        @Override
        public boolean stopRequested() {
            return job.stop;
        }
    }

    private void update(Job job, JobRecord record) {
        store.write(record);
        job.record(record);
    }

    synchronized long count(JobState state) {
        return jobs.values().stream().filter(j -> j.record().state() == state).count();
    }

    synchronized double imagesPerSecond() {
        return jobs.values().stream().filter(j -> j.record().state() == JobState.RUNNING && j.progress() != null)
                .mapToDouble(j -> j.progress().imagesPerSecond()).sum();
    }

    /** @return whether the service has started and its job store can be written, for the readiness check */
    synchronized boolean ready() {
        if (registry == null && startOnFirstUse) {
            ensureStarted();
        }
        return store != null && store.writable();
    }

    /** @return the data directory, or {@code null} before the service has started */
    synchronized Path dataDirIfStarted() {
        return dataDir;
    }

    /** Stops the running jobs at their next iteration, with a checkpoint, so that they resume at the next start. */
    @PreDestroy
    void shutDown() {
        ExecutorService running;
        synchronized (this) {
            shuttingDown = true;
            jobs.values().forEach(job -> job.stop = true);
            running = executor;
        }
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Names the training threads. */
    private static final class ThreadCounter implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger next = new AtomicInteger(1);

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "dino-job-" + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        }
    }
}
