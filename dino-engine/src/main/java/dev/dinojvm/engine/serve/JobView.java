package dev.dinojvm.engine.serve;

import java.time.Instant;
import java.util.Map;

/**
 * A job as {@code GET /api/v1/jobs/{id}} shows it.
 *
 * @param id the id
 * @param state the state
 * @param createdAt submission time
 * @param startedAt latest start of training, or {@code null}
 * @param finishedAt end time, or {@code null}
 * @param progress the latest iteration, or {@code null} before the first one
 * @param error why it failed, or {@code null}
 * @param cancelRequested whether a client asked to cancel it
 * @param config the submitted settings
 */
public record JobView(String id, JobState state, Instant createdAt, Instant startedAt, Instant finishedAt,
        JobProgress progress, String error, boolean cancelRequested, Map<String, String> config) {

    static JobView of(JobRecord record, JobProgress progress) {
        return new JobView(record.id(), record.state(), record.createdAt(), record.startedAt(), record.finishedAt(),
                progress, record.error(), record.cancelRequested(), record.config());
    }
}
