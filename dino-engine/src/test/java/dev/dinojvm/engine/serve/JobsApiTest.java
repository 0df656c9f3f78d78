package dev.dinojvm.engine.serve;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jobs API in the Quarkus application (test profile: token {@code test-token}, data in
 * target/serve-test-data, one training thread, at most 2 queued jobs; see application.properties).
 * Jobs train a tiny model on a few embedded Fashion-MNIST images, in seconds.
 */
@QuarkusTest
class JobsApiTest {

    private static final String TOKEN = "test-token";
    private static final Path DATA = Path.of("target/serve-test-data");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void emptyDataDirectory() throws IOException {
        // The service opens its data directory on the first request, after this.
        if (Files.exists(DATA)) {
            try (Stream<Path> files = Files.walk(DATA)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * A tiny model: {@code iterationsPerEpoch} iterations of batch 8 per epoch, without the embedded demo's
     * k-NN evaluations (one metrics line per iteration).
     */
    static Map<String, Object> tinyJob(int epochs, int iterationsPerEpoch) {
        return Map.of(
                "dino", Map.of(
                        "backbone", Map.of("embed-dim", 32, "depth", 1, "heads", 2, "patch-size", 4, "image-size", 16),
                        "augmentation", Map.of("global-size", 16, "local-size", 8, "local-crops", 2),
                        "head", Map.of("out-dim", 256, "hidden-dim", 64, "bottleneck-dim", 32)),
                "dino.optimizer.warmup-epochs", 1,
                "dino.data.workers", 1,
                "dino.data.limit", 8 * iterationsPerEpoch,
                "dino.train.batch-size", 8,
                "dino.train.epochs", epochs,
                "dino.eval.knn-every", 0);
    }

    private static io.restassured.specification.RequestSpecification api() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    private static String submit(Map<String, Object> job) {
        return api().contentType("application/json").body(job).post("/api/v1/jobs")
                .then().statusCode(201).extract().path("id");
    }

    private static String state(String id) {
        return api().get("/api/v1/jobs/" + id).then().statusCode(200).extract().path("state");
    }

    /** Polls until the job is in one of the states; a job that never gets there fails the test by its timeout. */
    private static void awaitState(String id, String... states) throws InterruptedException {
        for (int i = 0; i < 1800; i++) {
            String now = state(id);
            if (List.of(states).contains(now)) {
                return;
            }
            if (List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(now)) {
                throw new AssertionError("job " + id + " ended " + now + ": " + api().get("/api/v1/jobs/" + id).asString());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " is still " + state(id) + ", not " + List.of(states));
    }

    private static void awaitProgress(String id) throws InterruptedException {
        for (int i = 0; i < 1800; i++) {
            Integer iteration = api().get("/api/v1/jobs/" + id).then().extract().path("progress.iteration");
            if (iteration != null && iteration >= 1) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " never trained an iteration");
    }

    @Test
    void withoutTheRightTokenEveryApiCallGets401AndNoJobData() {
        String id = submit(tinyJob(1, 1));
        for (String auth : new String[] {null, "Bearer wrong-token", "Basic dGVzdC10b2tlbg==", "Bearer "}) {
            for (String path : List.of("/api/v1/jobs", "/api/v1/jobs/" + id, "/api/v1/jobs/" + id + "/artifacts",
                    "/api/v1/jobs/" + id + "/events", "/api/v1/nothing-here")) {
                var request = given();
                if (auth != null) {
                    request.header("Authorization", auth);
                }
                Response response = request.get(path);
                assertThat(response.statusCode()).as(path + " with " + auth).isEqualTo(401);
                assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
                assertThat(response.asString()).doesNotContain(id).contains("\"error\"");
            }
        }
        given().contentType("application/json").body(tinyJob(1, 1)).post("/api/v1/jobs").then().statusCode(401);
        given().delete("/api/v1/jobs/" + id).then().statusCode(401);
        assertThat(state(id)).isNotEqualTo("CANCELLED");
    }

    @Test
    void badSettingsGet400ListingEveryProblem() {
        Response response = api().contentType("application/json")
                .body("{\"dino.train.epochs\": \"many\", \"dino\": {\"bogus\": 1, \"train\": {\"output\": \"/tmp/x\"}},"
                        + " \"dino.head.type\": \"no-such-head\", \"dino.train.seed\": [1, 2]}")
                .post("/api/v1/jobs");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/json");
        List<Map<String, String>> problems = response.path("problems");
        assertThat(problems).extracting(p -> p.get("key")).contains("dino.train.epochs", "dino.bogus",
                "dino.train.output", "dino.head.type", "dino.train.seed");
        assertThat(problems).allSatisfy(p -> assertThat(p.get("message")).isNotBlank());
        assertThat(problems).filteredOn(p -> p.get("key").equals("dino.bogus"))
                .extracting(p -> p.get("message")).containsExactly("unknown setting (from request)");
        assertThat((String) response.path("error")).isEqualTo("the settings are not valid");
        assertThat(api().get("/api/v1/jobs").then().extract().jsonPath().getList("config")).noneMatch(c ->
                ((Map<?, ?>) c).containsKey("dino.bogus"));
    }

    private static List<String> jobIds() {
        return api().get("/api/v1/jobs").then().statusCode(200).extract().path("id");
    }

    private static void assertJsonError(Response response, int status, String what) {
        assertThat(response.statusCode()).as(what).isEqualTo(status);
        assertThat(response.contentType()).as(what).startsWith("application/json");
        assertThat((String) response.path("error")).as(what).isNotBlank();
    }

    @Test
    void aBodyThatIsNotOneJsonObjectGets400AndCreatesNoJob() {
        List<String> before = jobIds();
        for (String body : new String[] {"{\"dino.train.epochs\": ", "[1, 2]", "\"text\"", "",
                "{\"dino.train.epochs\": 1}]garbage", "{\"dino.train.epochs\": 1} {\"dino.train.epochs\": 2}"}) {
            assertJsonError(api().contentType("application/json").body(body).post("/api/v1/jobs"), 400, body);
        }
        Response twice = api().contentType("application/json").body("{\"dino.train.epochs\": 1, \"dino.train.epochs\": 2}")
                .post("/api/v1/jobs");
        assertJsonError(twice, 400, "a name given twice");
        assertThat((String) twice.path("error")).contains("Duplicate field 'dino.train.epochs'");
        assertThat(api().contentType("application/json").body("{\"dino.train.epochs\": 1}]garbage").post("/api/v1/jobs")
                .<String>path("error")).isEqualTo("the body must hold one JSON object and nothing after it");
        assertThat(jobIds()).isEqualTo(before);
    }

    @Test
    void aBodyOfATypeTheApiDoesNotReadGets415() {
        List<String> before = jobIds();
        for (String type : new String[] {"application/x-www-form-urlencoded", "application/xml"}) {
            Response response = api().contentType(type).body("{\"dino.train.epochs\": 1}").post("/api/v1/jobs");
            assertJsonError(response, 415, type);
            assertThat((String) response.path("error")).isEqualTo("send the settings as application/json, application/yaml or "
                    + "text/plain (key=value lines), not '" + type + "; charset=ISO-8859-1'");
        }
        assertThat(jobIds()).isEqualTo(before);
    }

    @Test
    void frameworkErrorsUnderApiAreJsonToo() {
        assertJsonError(api().get("/api/v1/nothing-here"), 404, "unknown path");
        assertThat(api().get("/api/v1/nothing-here").<String>path("error"))
                .isEqualTo("no such resource: GET /api/v1/nothing-here (the jobs API is under /api/v1/jobs)");
        assertJsonError(api().get("/api/v1/jobs/a/b/c/d"), 404, "path below a resource");
        Response put = api().contentType("application/json").body("{}").put("/api/v1/jobs");
        assertJsonError(put, 405, "PUT");
        assertThat((String) put.path("error")).startsWith("PUT is not allowed on /api/v1/jobs");
        Response html = api().accept("text/html").get("/api/v1/jobs");
        assertJsonError(html, 406, "Accept: text/html");
        assertThat((String) html.path("error")).contains("'text/html'").contains("application/json");
    }

    @Test
    void aKeyThatIsNotASettingNameGetsAServiceMessage() {
        Response response = api().contentType("application/json").body("{\"\": 1, \"dino\": {\"\": 2}, \"dino.train.output=/x\": 3}")
                .post("/api/v1/jobs");
        assertJsonError(response, 400, "bad keys");
        List<Map<String, String>> problems = response.path("problems");
        assertThat(problems).extracting(p -> p.get("key")).containsExactlyInAnyOrder("", "dino.", "dino.train.output=/x");
        assertThat(problems).extracting(p -> p.get("message"))
                .containsOnly("is not a setting name: use dotted words, e.g. dino.train.epochs");

        Response lines = api().contentType("text/plain").body("dino.train.epochs=1\n=2\n").post("/api/v1/jobs");
        assertJsonError(lines, 400, "a key=value line without a key");
        assertThat(lines.<List<String>>path("problems.key")).containsExactly("");
    }

    @Test
    void aLongValueIsShortenedInTheAnswer() {
        String digits = "9".repeat(60_000);
        Response response = api().contentType("application/json").body("{\"dino.train.epochs\": \"" + digits + "\"}")
                .post("/api/v1/jobs");
        assertJsonError(response, 400, "a 60,000-digit value");
        assertThat(response.asString().length()).isLessThan(1_000);
        List<Map<String, String>> problems = response.path("problems");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.get("key")).isEqualTo("dino.train.epochs");
            // 26 + 60,000 + 16 characters, of which 300 are kept
            assertThat(p.get("message")).startsWith("expected an integer, got '999").contains("…(59742 characters left out)…")
                    .endsWith("999' (from request)");
        });
    }

    @Test
    void aBodyOver64KiBGets413AsJsonEvenOverTheHttpLayersLimit() {
        for (int kib : new int[] {70, 2048}) {
            String padding = "x".repeat(kib * 1024);
            Response response = api().contentType("application/json").body("{\"dino.train.epochs\": 1, \"pad\": \"" + padding + "\"}")
                    .post("/api/v1/jobs");
            assertJsonError(response, 413, kib + " KiB");
            assertThat((String) response.path("error")).contains("at most 65536");
        }
    }

    @Test
    void anUnknownJobGets404() {
        for (String path : List.of("/api/v1/jobs/no-such-job", "/api/v1/jobs/no-such-job/artifacts",
                "/api/v1/jobs/no-such-job/artifacts/metrics.jsonl", "/api/v1/jobs/no-such-job/events")) {
            Response response = api().get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat((String) response.path("error")).isEqualTo("no job with id 'no-such-job'");
        }
        api().delete("/api/v1/jobs/no-such-job").then().statusCode(404);
    }

    @Test
    void aJobTrainsStreamsItsProgressAndOffersItsArtifacts() throws Exception {
        Response created = api().contentType("application/json").body(tinyJob(2, 3)).post("/api/v1/jobs");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/api/v1/jobs/" + id);
        assertThat((String) created.path("state")).isIn("QUEUED", "RUNNING");

        List<SseClient.Event> events = SseClient.read(URI.create(base + "api/v1/jobs/" + id + "/events"), TOKEN,
                e -> e.name().equals("state") && e.data().contains("\"SUCCEEDED\"") || e.data().contains("\"FAILED\""));

        SseClient.Event last = events.get(events.size() - 1);
        assertThat(JSON.readTree(last.data()).path("state").asText()).isEqualTo("SUCCEEDED");
        List<Long> iterations = new ArrayList<>();
        for (SseClient.Event event : events) {
            if (event.name().equals("progress")) {
                JsonNode progress = JSON.readTree(event.data());
                iterations.add(progress.path("iteration").asLong());
                assertThat(progress.path("total").asLong()).isEqualTo(6);
                assertThat(progress.path("loss").asDouble()).isPositive();
            }
        }
        // The stream may open after the first iterations; from then on it sees every one, to the end.
        assertThat(iterations).isNotEmpty().endsWith(6L);
        for (int i = 1; i < iterations.size(); i++) {
            assertThat(iterations.get(i)).isEqualTo(iterations.get(i - 1) + 1);
        }

        Response job = api().get("/api/v1/jobs/" + id);
        assertThat((String) job.path("state")).isEqualTo("SUCCEEDED");
        assertThat((Integer) job.path("progress.iteration")).isEqualTo(6);
        assertThat((Integer) job.path("progress.epoch")).isEqualTo(2);
        assertThat((Object) job.path("finishedAt")).isNotNull();

        List<String> names = api().get("/api/v1/jobs/" + id + "/artifacts").then().statusCode(200).extract().path("name");
        assertThat(names).contains("backbone.safetensors", "metrics.jsonl", "train.log",
                "checkpoints/ckpt-000000006/state.json", "checkpoints/ckpt-000000006/student.safetensors");
        assertThat(names).noneMatch(n -> n.contains(".lock") || n.endsWith(".tmp"));
        String metrics = api().get("/api/v1/jobs/" + id + "/artifacts/metrics.jsonl").then().statusCode(200).extract().asString();
        // One line per iteration, then the closing comparison with the random initialisation (labelled data).
        assertThat(metrics.lines()).hasSize(7);
        assertThat(metrics.lines().filter(line -> line.contains("\"record\":\"demo_comparison\""))).hasSize(1);
        byte[] backbone = api().get("/api/v1/jobs/" + id + "/artifacts/backbone.safetensors").then().statusCode(200)
                .extract().asByteArray();
        assertThat(backbone).hasSize((int) Files.size(DATA.resolve("jobs").resolve(id).resolve("output/backbone.safetensors")));

        // A finished job cannot be cancelled; it stays listed.
        Response cancel = api().delete("/api/v1/jobs/" + id);
        assertThat(cancel.statusCode()).isEqualTo(409);
        assertThat((String) cancel.path("error")).contains("already finished (SUCCEEDED)");
        List<String> ids = api().get("/api/v1/jobs").then().extract().path("id");
        assertThat(ids).contains(id);
        assertThat(Files.readString(DATA.resolve("jobs").resolve(id).resolve("job.json"))).contains("\"SUCCEEDED\"");
    }

    @Test
    void artifactNamesCannotLeaveTheJobDirectory() throws Exception {
        String id = submit(tinyJob(1, 1));
        awaitState(id, "SUCCEEDED");
        Path output = DATA.resolve("jobs").resolve(id).resolve("output");
        Path secret = Files.writeString(DATA.resolve("secret.txt"), "TOP-SECRET-CONTENT");
        Files.createSymbolicLink(output.resolve("link.txt"), secret.toAbsolutePath());
        Files.createSymbolicLink(output.resolve("linked-dir"), DATA.toAbsolutePath());

        String artifacts = "/api/v1/jobs/" + id + "/artifacts/";
        for (String name : List.of("..%2Fjob.json", "..%2F..%2F..%2Fsecret.txt", "%2Fetc%2Fpasswd", "checkpoints%2F..%2F..%2Fjob.json",
                "%2E%2E%2Fjob.json", "checkpoints/%2E%2E/%2E%2E/job.json", ".lock", "a%5C..%5C..%5Cjob.json")) {
            Response response = api().urlEncodingEnabled(false).get(artifacts + name);
            assertThat(response.statusCode()).as(name).isIn(400, 404);
            assertThat(response.asString()).as(name).doesNotContain("TOP-SECRET").doesNotContain("\"config\"");
        }
        for (String name : List.of("link.txt", "linked-dir/secret.txt")) {
            Response response = api().get(artifacts + name);
            assertThat(response.statusCode()).as(name).isEqualTo(404);
            assertThat(response.asString()).doesNotContain("TOP-SECRET");
        }
        List<String> names = api().get("/api/v1/jobs/" + id + "/artifacts").then().extract().path("name");
        assertThat(names).doesNotContain("link.txt", "linked-dir/secret.txt");
        api().get(artifacts + "train.log").then().statusCode(200);
    }

    @Test
    void aFullQueueGets429AndCancelledJobsStopWithACheckpoint() throws Exception {
        String running = submit(tinyJob(1000, 2));
        awaitState(running, "RUNNING");
        awaitProgress(running);
        String queued1 = submit(tinyJob(1, 1));
        String queued2 = submit(tinyJob(1, 1));

        Response full = api().contentType("application/json").body(tinyJob(1, 1)).post("/api/v1/jobs");
        assertThat(full.statusCode()).isEqualTo(429);
        assertThat((String) full.path("error")).startsWith("the queue is full (2 jobs waiting, at most 2)");

        Response cancelled = api().delete("/api/v1/jobs/" + queued1);
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat((String) cancelled.path("state")).isEqualTo("CANCELLED");
        api().delete("/api/v1/jobs/" + queued2).then().statusCode(200);

        Response stopping = api().delete("/api/v1/jobs/" + running);
        assertThat(stopping.statusCode()).isEqualTo(200);
        assertThat((Boolean) stopping.path("cancelRequested")).isTrue();
        awaitState(running, "CANCELLED");
        Response stopped = api().get("/api/v1/jobs/" + running);
        int lastIteration = stopped.path("progress.iteration");
        List<String> names = api().get("/api/v1/jobs/" + running + "/artifacts").then().extract().path("name");
        assertThat(names).contains(String.format("checkpoints/ckpt-%09d/state.json", lastIteration));
        assertThat(state(queued1)).isEqualTo("CANCELLED");
        assertThat(state(queued2)).isEqualTo("CANCELLED");
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        submit(tinyJob(1, 1));
        given().get("/q/health/ready").then().statusCode(200).extract().asString().contains("job-store");
        String ready = given().get("/q/health/ready").then().statusCode(200).extract().asString();
        assertThat(ready).contains("\"job-store\"").contains("\"UP\"");
        // Open to anyone: counts and states only, not where the data lives.
        assertThat(given().get("/q/health").asString()).contains("\"UP\"").doesNotContain("serve-test-data").doesNotContain("dataDir");

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String state : List.of("QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED")) {
            assertThat(metrics).contains("dino_jobs{state=\"" + state + "\"}");
        }
        assertThat(metrics).contains("dino_training_iterations_total", "dino_training_images_per_second",
                "dino_host_memory_total_bytes", "dino_process_memory_resident_bytes");

        String openApi = given().get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(openApi).contains("/api/v1/jobs/{id}/events", "/api/v1/jobs/{id}/artifacts/{name}");
    }
}
