package dev.dinojvm.engine.serve;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the dashboard needs of the service: its static files open without the token, submissions
 * as YAML or key=value lines, deletion of finished jobs (test profile, as {@link JobsApiTest}).
 */
@QuarkusTest
class DashboardApiTest {

    private static final Path DATA = Path.of("target/serve-test-data");
    private static final String TINY_YAML = """
            dino:
              backbone: {embed-dim: 32, depth: 1, heads: 2, patch-size: 4, image-size: 16}
              augmentation: {global-size: 16, local-size: 8, local-crops: 2}
              head: {out-dim: 256, hidden-dim: 64, bottleneck-dim: 32}
              optimizer.warmup-epochs: 1
              data: {workers: 1, limit: 8}
              train: {batch-size: 8, epochs: %d}
            """;

    private static io.restassured.specification.RequestSpecification api() {
        return given().header("Authorization", "Bearer test-token");
    }

    /** The body as bytes: RestAssured only encodes known media types from a string. */
    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String awaitFinished(String id) throws InterruptedException {
        for (int i = 0; i < 1800; i++) {
            String state = api().get("/api/v1/jobs/" + id).then().statusCode(200).extract().path("state");
            if (List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(state)) {
                return state;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    @Test
    void theDashboardIsServedWithoutTheTokenAndHoldsNoJobData() {
        String page = given().get("/").then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/html"))
                .extract().asString();
        assertThat(page).contains("<title>dino serve</title>", "dashboard.js", "charts.js", "api.js").doesNotContain("http://", "https://");
        for (String file : List.of("/dashboard.js", "/charts.js", "/api.js", "/dashboard.css")) {
            assertThat(given().get(file).then().statusCode(200).extract().asString()).as(file).doesNotContain("https://");
        }
        given().get("/api/v1/jobs").then().statusCode(401);
    }

    @Test
    void aJobCanBeSubmittedAsYamlOrAsKeyValueLines() throws Exception {
        Response yaml = api().contentType("application/yaml").body(bytes(TINY_YAML.formatted(1))).post("/api/v1/jobs");
        assertThat(yaml.statusCode()).as(yaml.asString()).isEqualTo(201);
        Map<String, String> config = yaml.path("config");
        assertThat(config).containsEntry("dino.backbone.depth", "1").containsEntry("dino.optimizer.warmup-epochs", "1")
                .containsEntry("dino.train.epochs", "1");
        assertThat(awaitFinished(yaml.path("id"))).isEqualTo("SUCCEEDED");

        Response lines = api().contentType("text/plain").body("dino.train.epochs = 3\ndino.bogus=1\n# a comment\n").post("/api/v1/jobs");
        assertThat(lines.statusCode()).isEqualTo(400);
        List<Map<String, String>> problems = lines.path("problems");
        assertThat(problems).containsExactly(Map.of("key", "dino.bogus", "message", "unknown setting (from request)"));
    }

    @Test
    void yamlThatDoesNotParseGets400NamingTheLine() {
        Response response = api().contentType("application/yaml; charset=utf-8").body(bytes("dino:\n  train:\n    epochs: [1\n"))
                .post("/api/v1/jobs");

        assertThat(response.statusCode()).isEqualTo(400);
        List<Map<String, String>> problems = response.path("problems");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.get("key")).isEqualTo("request");
            assertThat(p.get("message")).startsWith("not valid YAML at line ");
        });
    }

    @Test
    void aFinishedJobIsDeletedWithItsFilesAndAnUnfinishedOneIsNot() throws Exception {
        String running = api().contentType("application/yaml").body(bytes(TINY_YAML.formatted(1000))).post("/api/v1/jobs")
                .then().statusCode(201).extract().path("id");
        Response refused = api().delete("/api/v1/jobs/" + running + "?purge=true");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat((String) refused.path("error")).contains("cancel it");

        api().delete("/api/v1/jobs/" + running).then().statusCode(200);
        assertThat(awaitFinished(running)).isEqualTo("CANCELLED");
        assertThat(DATA.resolve("jobs").resolve(running)).isDirectory();
        api().delete("/api/v1/jobs/" + running + "?purge=true").then().statusCode(204);

        api().get("/api/v1/jobs/" + running).then().statusCode(404);
        assertThat(Files.exists(DATA.resolve("jobs").resolve(running))).isFalse();
        List<String> ids = api().get("/api/v1/jobs").then().extract().path("id");
        assertThat(ids).doesNotContain(running);
    }
}
