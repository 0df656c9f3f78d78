package dev.dinojvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dino serve} as a real process: killed with SIGKILL mid-training, restarted, the job resumes. */
class ServeKillAndResumeTest {

    private static final int ITERATIONS = 4 * 5; // 4 epochs of 5 iterations

    @Test
    void aJobOfAKilledServiceResumesFromItsCheckpointAfterTheRestart(@TempDir Path dir) throws Exception {
        int port = freePort();
        Path tokenFile = Files.writeString(dir.resolve("token"), "it-token\n");
        String[] serve = {"serve", "--port", String.valueOf(port), "--data-dir", dir.resolve("data").toString(),
            "--token-file", tokenFile.toString()};
        ServiceClient client = new ServiceClient("http://127.0.0.1:" + port, "it-token");
        String id;
        int seenBeforeKill;
        try (DinoProcess service = DinoProcess.start(dir, List.of(), serve)) {
            client.awaitReady(Duration.ofMinutes(2), service);

            // Another command beside the running service: no HTTP server, so no clash over the port.
            DinoProcess.Result list = DinoProcess.run(dir, "plugins", "list");
            assertThat(list.exitCode()).as(list.output()).isZero();
            assertThat(list.output()).contains("vit").doesNotContain("in use");

            HttpResponse<String> created = client.post("/api/v1/jobs", ServiceClient.tinyJob(4, 5, 3));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            id = JsonParser.parseString(created.body()).getAsJsonObject().get("id").getAsString();
            assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/v1/jobs/" + id));

            ServiceClient.Event progress = client.follow(id,
                    e -> e.name().equals("progress") && e.data().get("iteration").getAsInt() >= 7);
            seenBeforeKill = progress.data().get("iteration").getAsInt();
            service.kill();
        }

        try (DinoProcess restarted = DinoProcess.start(dir, List.of(), serve)) {
            client.awaitReady(Duration.ofMinutes(2), restarted);
            ServiceClient.Event end = client.follow(id, e -> e.name().equals("state")
                    && List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(e.data().get("state").getAsString()));
            assertThat(end.data().get("state").getAsString()).as(end.data().toString()).isEqualTo("SUCCEEDED");
            assertThat(end.data().getAsJsonObject("progress").get("iteration").getAsInt()).isEqualTo(ITERATIONS);

            String log = client.get("/api/v1/jobs/" + id + "/artifacts/train.log").body();
            Matcher resumed = Pattern.compile("Resuming from .*ckpt-\\d+ at iteration (\\d+) of " + ITERATIONS).matcher(log);
            assertThat(resumed.find()).as(log).isTrue();
            int checkpoint = Integer.parseInt(resumed.group(1));
            // Checkpoints every 3 iterations and at each epoch's end (5): the last one written before the kill.
            assertThat(checkpoint).isBetween(3, seenBeforeKill + 1);
            assertThat(checkpoint % 3 == 0 || checkpoint % 5 == 0).as("checkpoint " + checkpoint).isTrue();

            List<String> names = client.getJson("/api/v1/jobs/" + id + "/artifacts").getAsJsonArray().asList().stream()
                    .map(a -> a.getAsJsonObject().get("name").getAsString()).toList();
            assertThat(names).contains("backbone.safetensors", "metrics.jsonl",
                    String.format("checkpoints/ckpt-%09d/teacher.safetensors", ITERATIONS));
            String metrics = client.get("/api/v1/jobs/" + id + "/artifacts/metrics.jsonl").body();
            List<Integer> iterations = metrics.lines().map(l -> JsonParser.parseString(l).getAsJsonObject())
                    .filter(json -> json.has("loss") && !json.has("record")) // the iteration lines, not the closing comparison
                    .map(json -> json.get("iteration").getAsInt()).toList();
            assertThat(iterations).as("each iteration logged once, replayed ones replaced")
                    .isEqualTo(java.util.stream.IntStream.range(0, ITERATIONS).boxed().toList());
            HttpResponse<String> backbone = client.get("/api/v1/jobs/" + id + "/artifacts/backbone.safetensors");
            assertThat(backbone.statusCode()).isEqualTo(200);
            assertThat(backbone.body().length()).isPositive();

            JsonObject job = client.getJson("/api/v1/jobs/" + id).getAsJsonObject();
            assertThat(job.get("state").getAsString()).isEqualTo("SUCCEEDED");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
