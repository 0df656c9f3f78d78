package dev.dinojvm.it;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Talks to a running {@code dino serve} over HTTP: JSON calls and its server-sent event stream. */
final class ServiceClient {

    /** One server-sent event. */
    record Event(String name, JsonObject data) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    ServiceClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    String base() {
        return base;
    }

    /** Polls {@code /q/health/ready} until the service answers UP; fails after {@code limit}. */
    void awaitReady(Duration limit, DinoProcess process) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the service did not become ready; output:\n" + (process == null ? "" : process.output()));
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(authorized(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(authorized(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonElement getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JsonParser.parseString(response.body());
    }

    /**
     * Reads the job's event stream until an event matches {@code stop}.
     *
     * @return the matching event
     */
    Event follow(String jobId, Predicate<Event> stop) throws IOException, InterruptedException {
        HttpRequest request = authorized("/api/v1/jobs/" + jobId + "/events").header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(5)).build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new AssertionError("event stream answered " + response.statusCode());
        }
        try (Stream<String> lines = response.body()) {
            String name = "message";
            for (Iterator<String> it = lines.iterator(); it.hasNext();) {
                String line = it.next();
                if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    Event event = new Event(name, JsonParser.parseString(line.substring(5).trim()).getAsJsonObject());
                    if (stop.test(event)) {
                        return event;
                    }
                }
            }
        }
        throw new AssertionError("the event stream of job " + jobId + " ended before the expected event");
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30));
    }

    /** The settings of a tiny, fast model on the embedded Fashion-MNIST images, without k-NN, as a job request. */
    static String tinyJob(int epochs, int iterationsPerEpoch, int checkpointEvery) {
        return """
            {"dino": {"backbone": {"embed-dim": 32, "depth": 1, "heads": 2, "patch-size": 4, "image-size": 16},
                      "augmentation": {"global-size": 16, "local-size": 8, "local-crops": 2},
                      "head": {"out-dim": 256, "hidden-dim": 64, "bottleneck-dim": 32}},
             "dino.optimizer.warmup-epochs": 1, "dino.data.workers": 1, "dino.train.batch-size": 8,
             "dino.data.limit": %d, "dino.train.epochs": %d, "dino.train.checkpoint-every": %d, "dino.eval.knn-every": 0}
            """.formatted(8 * iterationsPerEpoch, epochs, checkpointEvery);
    }
}
