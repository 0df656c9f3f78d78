package dev.dinojvm.engine.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/** One client's server-sent event stream of a job; ends after the job's final state. */
final class JobEventStream implements Job.Follower {

    private final Job job;
    private final SseEventSink sink;
    private final Sse sse;
    private final ObjectMapper mapper;

    JobEventStream(Job job, SseEventSink sink, Sse sse, ObjectMapper mapper) {
        this.job = job;
        this.sink = sink;
        this.sse = sse;
        this.mapper = mapper;
    }

    /** Sends the current state, then follows the job (or closes at once if it has finished). */
    void open() {
        job.followers.add(this);
        JobView now = job.view();
        state(job, now);
    }

    @Override
    public void progress(Job source, JobProgress progress) {
        send("progress", progress);
    }

    @Override
    public synchronized void state(Job source, JobView view) {
        if (sink.isClosed()) {
            job.followers.remove(this);
            return;
        }
        send("state", view);
        if (view.state().finished()) {
            job.followers.remove(this);
            sink.close();
        }
    }

    private synchronized void send(String name, Object data) {
        if (sink.isClosed()) {
            job.followers.remove(this);
            return;
        }
        sink.send(sse.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(String.class, JobsResource.json(mapper, data)).build())
                .exceptionally(failure -> {
                    job.followers.remove(this);
                    return null;
                });
    }
}
