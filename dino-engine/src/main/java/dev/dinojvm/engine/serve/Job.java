package dev.dinojvm.engine.serve;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A job while the service runs: its stored record, its latest progress and who follows it. */
final class Job {

    /** Follows a job's progress and state changes (the SSE stream). */
    interface Follower {
        /** A trained iteration. */
        void progress(Job job, JobProgress progress);

        /** A new state; the last call, when the state is final. */
        void state(Job job, JobView view);
    }

    private volatile JobRecord record;
    private volatile JobProgress progress;
    /** Set to stop the training loop at its next iteration (cancel, or service shut-down). */
    volatile boolean stop;
    final List<Follower> followers = new CopyOnWriteArrayList<>();

    Job(JobRecord record) {
        this.record = record;
    }

    JobRecord record() {
        return record;
    }

    void record(JobRecord newRecord) {
        this.record = newRecord;
        JobView view = view();
        followers.forEach(f -> f.state(this, view));
    }

    JobProgress progress() {
        return progress;
    }

    void progress(JobProgress latest) {
        this.progress = latest;
        followers.forEach(f -> f.progress(this, latest));
    }

    JobView view() {
        return JobView.of(record, progress);
    }
}
