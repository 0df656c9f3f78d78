package dev.dinojvm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard of a real {@code dino serve}, driven in headless chromium: sign in with the token,
 * see validation problems, submit a job and watch its progress and charts update, cancel and delete
 * another job, open the report. Screenshots at 1,280 and 390 px go to target/dashboard-screenshots.
 */
class DashboardBrowserTest {

    private static final String TOKEN = "browser-it-token";
    private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    private static final Duration LIMIT = Duration.ofMinutes(4);
    /** 2 epochs of 6 iterations with a k-NN evaluation after each: a k-NN curve of two points. */
    private static final String TINY_JOB = """
            dino:
              backbone: {embed-dim: 32, depth: 1, heads: 2, patch-size: 4, image-size: 16}
              augmentation: {global-size: 16, local-size: 8, local-crops: 2}
              head: {out-dim: 256, hidden-dim: 64, bottleneck-dim: 32}
              optimizer: {warmup-epochs: 1}
              data: {workers: 1, limit: 48}
              train: {batch-size: 8, epochs: 2}
              eval: {knn-every: 1, knn-train-limit: 200, knn-test-limit: 100}
            """;

    @Test
    void aUserSignsInSubmitsWatchesCancelsDeletesAndOpensTheReport(@TempDir Path dir) throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        assumeTrue(chromium.isPresent(), "chromium is not installed (apt-get install chromium; .ci/run installs it)");
        int port = freePort();
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        String base = "http://127.0.0.1:" + port;
        ServiceClient api = new ServiceClient(base, TOKEN);
        try (DinoProcess service = DinoProcess.start(dir, List.of(), "serve", "--port", String.valueOf(port), "--data-dir",
                dir.resolve("data").toString(), "--token-file", tokenFile.toString());
                ChromiumSession browser = ChromiumSession.start(chromium.get(), dir)) {
            api.awaitReady(Duration.ofMinutes(2), service);
            browser.viewport(1280, 900, false);

            signIn(browser, base);
            String watched = submitThroughTheForm(browser);
            watchProgress(browser);
            String cancelled = cancelAQueuedJob(browser, api, base);

            browser.eval("location.hash = '#/jobs/" + watched + "'");
            browser.await("document.querySelector('#summary .state-succeeded')", LIMIT);
            openTheReport(browser);
            browser.eval("window.scrollTo(0, 0)");
            browser.screenshot(SCREENSHOTS.resolve("job-1280.png"), 1400);

            browser.eval("location.hash = '#/'");
            browser.await("document.querySelectorAll('#jobs tr').length === 2", LIMIT);
            browser.screenshot(SCREENSHOTS.resolve("jobs-1280.png"), 400);
            browser.viewport(390, 844, true);
            browser.screenshot(SCREENSHOTS.resolve("jobs-390.png"), 500);
            browser.eval("location.hash = '#/jobs/" + watched + "'");
            browser.await("document.querySelector('#report-frame') && document.querySelector('#chart-loss svg[role=img]')", LIMIT);
            assertThat(browser.eval("document.documentElement.scrollWidth <= 390").getAsBoolean()).as("no sideways scrolling at 390 px")
                    .isTrue();
            browser.screenshot(SCREENSHOTS.resolve("job-390.png"), 1600);

            deleteTheCancelledJob(browser, api, cancelled);
            assertThat(browser.errors()).as("errors in the page").isEmpty();
            assertThat(service.output()).doesNotContain(TOKEN);
        }
        assertThat(ImageIO.read(SCREENSHOTS.resolve("job-1280.png").toFile()).getWidth()).isEqualTo(1280);
        BufferedImage phone = ImageIO.read(SCREENSHOTS.resolve("job-390.png").toFile());
        assertThat(phone.getWidth()).isEqualTo(390);
    }

    private static void signIn(ChromiumSession browser, String base) throws Exception {
        browser.navigate(base + "/");
        browser.await("document.getElementById('token')", LIMIT);
        browser.eval("document.getElementById('token').value = 'wrong'; document.getElementById('sign-in').click()");
        browser.await("document.getElementById('sign-in-error').textContent.includes('did not accept')", LIMIT);
        browser.eval("document.getElementById('token').value = '" + TOKEN + "'; document.getElementById('sign-in').click()");
        browser.await("document.getElementById('jobs')", LIMIT);
        assertThat(browser.eval("sessionStorage.getItem('dino.serve.token')").getAsString()).isEqualTo(TOKEN);
        assertThat(browser.eval("localStorage.length").getAsInt()).isZero();
    }

    private static String submitThroughTheForm(ChromiumSession browser) throws Exception {
        browser.eval("location.hash = '#/new'");
        browser.await("document.getElementById('config')", LIMIT);
        browser.eval("document.getElementById('format').value = 'properties';"
                + "document.getElementById('config').value = 'dino.train.epochs = many\\ndino.bogus = 1\\n';"
                + "document.getElementById('submit').click()");
        browser.await("document.querySelectorAll('#problems li').length === 2", LIMIT);
        String problems = browser.eval("document.getElementById('problems').innerText").getAsString();
        assertThat(problems.lines().toList()).hasSize(2).anySatisfy(l -> assertThat(l).startsWith("dino.bogus: unknown setting"))
                .anySatisfy(l -> assertThat(l).startsWith("dino.train.epochs: "));

        browser.eval("document.getElementById('format').value = 'yaml';"
                + "document.getElementById('config').value = " + new JsonPrimitive(TINY_JOB) + ";"
                + "document.getElementById('submit').click()");
        browser.await("location.hash.startsWith('#/jobs/')", LIMIT);
        assertThat(browser.eval("location.href").getAsString()).doesNotContain(TOKEN);
        return browser.eval("location.hash.substring('#/jobs/'.length)").getAsString();
    }

    /** The loss chart gains points as server-sent progress arrives, and the summary counts iterations. */
    private static void watchProgress(ChromiumSession browser) throws Exception {
        browser.await("Number(document.getElementById('chart-loss')?.dataset.points) >= 2", LIMIT);
        int seen = browser.eval("Number(document.getElementById('chart-loss').dataset.points)").getAsInt();
        browser.await("Number(document.getElementById('chart-loss').dataset.points) > " + seen
                + " || document.querySelector('#summary .state-succeeded')", LIMIT);
        assertThat(browser.eval("document.querySelector('#summary').innerText").getAsString()).containsPattern("iteration \\d+ of 12");
        for (String chart : List.of("loss", "lr", "momentum", "throughput", "memory")) {
            assertThat(browser.eval("document.querySelectorAll('#chart-" + chart + " svg text.tick').length >= 4").getAsBoolean())
                    .as(chart + " has axis ticks").isTrue();
        }
        assertThat(browser.eval("document.querySelector('#chart-throughput figcaption').innerText").getAsString())
                .contains("Throughput (images/s)");
    }

    /** With one training slot, a second job waits in the queue: cancel it from its page, after confirming. */
    private static String cancelAQueuedJob(ChromiumSession browser, ServiceClient api, String base) throws Exception {
        String id = JsonParser.parseString(api.post("/api/v1/jobs", ServiceClient.tinyJob(1000, 2, 1000)).body()).getAsJsonObject()
                .get("id").getAsString();
        browser.eval("location.hash = '#/jobs/" + id + "'");
        clickAndConfirm(browser, "cancel");
        browser.await("document.querySelector('#summary .state-cancelled')", LIMIT);
        assertThat(api.getJson("/api/v1/jobs/" + id).getAsJsonObject().get("state").getAsString()).isEqualTo("CANCELLED");
        return id;
    }

    private static void openTheReport(ChromiumSession browser) throws Exception {
        browser.await("document.getElementById('report-frame')", LIMIT);
        assertThat(browser.eval("document.getElementById('report-frame').srcdoc").getAsString()).contains("data-title=\"Loss\"");
        assertThat(browser.eval("document.querySelectorAll('#attention img[alt^=\"attention maps of\"]').length").getAsInt()).isPositive();
        browser.await("!document.getElementById('chart-knn').hidden", LIMIT);
        assertThat(browser.eval("document.querySelector('#chart-knn figcaption').innerText").getAsString())
                .contains("k-NN accuracy (%)", "top-1", "top-5");
        assertThat(browser.eval("[...document.querySelectorAll('#artifacts button')].map(b => b.textContent).join(',')").getAsString())
                .contains("backbone.safetensors", "metrics.jsonl", "report.html");
        assertThat(browser.eval("[...document.querySelectorAll('#artifacts button')].some(b => b.textContent.startsWith('tb/events.out.tfevents.'))")
                .getAsBoolean()).as("the TensorBoard event file is an artifact").isTrue();
        assertThat(browser.eval("performance.getEntriesByType('resource').every(r => r.name.startsWith(location.origin))")
                .getAsBoolean()).as("nothing fetched from elsewhere").isTrue();
    }

    private static void deleteTheCancelledJob(ChromiumSession browser, ServiceClient api, String id) throws Exception {
        browser.eval("location.hash = '#/jobs/" + id + "'");
        clickAndConfirm(browser, "delete");
        browser.await("location.hash === '#/' && document.querySelectorAll('#jobs tr').length === 1", LIMIT);
        assertThat(api.get("/api/v1/jobs/" + id).statusCode()).isEqualTo(404);
    }

    /** Clicks a destructive button, which opens the confirmation dialog, and confirms. */
    private static void clickAndConfirm(ChromiumSession browser, String button) throws Exception {
        browser.await("document.getElementById('" + button + "')", LIMIT);
        browser.eval("document.getElementById('" + button + "').click()");
        browser.await("document.getElementById('confirm')?.open", LIMIT);
        browser.eval("document.getElementById('confirm-yes').click()");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
