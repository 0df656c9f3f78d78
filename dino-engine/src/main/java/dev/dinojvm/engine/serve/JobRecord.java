package dev.dinojvm.engine.serve;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the service stores of a job in its {@code job.json}: enough to list it after a restart and
 * to run it again from its last checkpoint.
 *
 * @param id the job's id
 * @param state its state
 * @param config the submitted settings, as dotted keys (the output directory is the service's choice)
 * @param createdAt when it was submitted
 * @param startedAt when it last started training, or {@code null}
 * @param finishedAt when it finished, or {@code null}
 * @param error why it failed, or {@code null}
 * @param cancelRequested whether a client asked to cancel it
 */
public record JobRecord(String id, JobState state, Map<String, String> config, Instant createdAt, Instant startedAt,
        Instant finishedAt, String error, boolean cancelRequested) {

    /** Sorts and copies the settings. */
    public JobRecord {
        config = Map.copyOf(new TreeMap<>(config));
    }

    JobRecord withState(JobState newState) {
        Instant finished = newState.finished() ? Instant.now() : null;
        Instant started = newState == JobState.RUNNING ? Instant.now() : startedAt;
        return new JobRecord(id, newState, config, createdAt, started, finished, error, cancelRequested);
    }

    JobRecord failed(String message) {
        return new JobRecord(id, JobState.FAILED, config, createdAt, startedAt, Instant.now(), message, cancelRequested);
    }

    JobRecord cancelling() {
        return new JobRecord(id, state, config, createdAt, startedAt, finishedAt, error, true);
    }
}
