package dev.dinojvm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The packaged service in a container (eclipse-temurin:17-jre with the quarkus-app directory copied
 * in), driven over HTTP. Skipped, with the reason, where no Docker engine is available.
 */
class ServeContainerTest {

    private static final String TOKEN = "container-token";

    @Test
    void theServiceTrainsAJobInAContainer() throws Exception {
        // In the test rather than in @BeforeAll, so that reports count it as skipped, with this reason.
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "no Docker engine available: the containerised service test is skipped");
        Path app = Path.of(System.getProperty("dino.app")).getParent();
        assertThat(Files.isDirectory(app)).as(app.toString()).isTrue();
        try (GenericContainer<?> service = new GenericContainer<>(DockerImageName.parse("eclipse-temurin:17-jre"))
                .withCopyFileToContainer(MountableFile.forHostPath(app), "/app")
                .withEnv("DINO_SERVE_TOKEN", TOKEN)
                .withCommand("java", "-Dai.djl.offline=true", "-jar", "/app/quarkus-run.jar", "serve",
                        "--host", "0.0.0.0", "--port", "8080", "--data-dir", "/data")
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/q/health/ready").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)))) {
            service.start();
            ServiceClient client = new ServiceClient("http://" + service.getHost() + ":" + service.getMappedPort(8080), TOKEN);

            HttpResponse<String> created = client.post("/api/v1/jobs", ServiceClient.tinyJob(1, 2, 1));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = JsonParser.parseString(created.body()).getAsJsonObject().get("id").getAsString();
            ServiceClient.Event end = client.follow(id, e -> e.name().equals("state")
                    && List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(e.data().get("state").getAsString()));
            assertThat(end.data().get("state").getAsString()).as(end.data().toString()).isEqualTo("SUCCEEDED");
            assertThat(client.get("/api/v1/jobs/" + id + "/artifacts/backbone.safetensors").statusCode()).isEqualTo(200);
            assertThat(new ServiceClient(client.base(), "wrong").get("/api/v1/jobs").statusCode()).isEqualTo(401);
        }
    }
}
