package dev.dinojvm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** {@code dino attention}, {@code dino report} and {@code dino eval linear} on a tiny trained run. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportAndAttentionTest {

    @TempDir
    static Path dir;

    private static Path data;
    private static Path run;
    private static DinoProcess.Result training;

    /**
     * 16 training images, batch 8, 1 epoch: 2 iterations of a 1-block, 2-head ViT on 16 px crops, with
     * k-NN after the epoch and the closing comparison with the random initialisation.
     */
    @BeforeAll
    static void train() throws Exception {
        data = dir.resolve("data");
        TrainingData.shapes(data.resolve("train"), 16);
        TrainingData.shapes(data.resolve("test"), 8);
        run = dir.resolve("run");
        training = DinoProcess.run(dir, TrainingData.tinyModel(data, run, "--epochs", "1", "--set", "dino.eval.knn-every=1",
                "--set", "dino.eval.knn-baselines=true"));
    }

    @Test
    @Order(1)
    void trainingEndsByWritingTheComparisonWithTheRandomInitialisationAndTheReport() throws Exception {
        assertThat(training.exitCode()).as(training.output()).isZero();
        assertThat(training.output()).containsPattern("(?m)^k-NN [+-]\\d+\\.\\d points over random initialisation\\.$")
                .contains("raw pixels (reference, no network)").doesNotContain("configs/showcase.yaml");
        JsonObject comparison = Files.readAllLines(run.resolve("metrics.jsonl")).stream().filter(l -> l.contains("demo_comparison"))
                .map(l -> JsonParser.parseString(l).getAsJsonObject()).findFirst().orElseThrow();
        assertThat(comparison.get("iteration").getAsInt()).isEqualTo(1);
        assertThat(comparison.get("bank").getAsInt()).isEqualTo(16);
        assertThat(comparison.get("queries").getAsInt()).isEqualTo(8);
        assertThat(comparison.get("gain_points").getAsDouble())
                .isEqualTo(comparison.get("trained_top1").getAsDouble() - comparison.get("random_init_top1").getAsDouble(),
                        org.assertj.core.api.Assertions.within(1e-3));
        assertThat(training.output()).contains("Report: " + run.resolve("report.html"));
        assertThat(run.resolve("report.html")).isRegularFile();
    }

    @Test
    @Order(2)
    void attentionDrawsTheCropAndEachHeadWithMasksAndTheWeightsFileGivesTheSameFigure() throws Exception {
        Path image = data.resolve("train/circles/img-000.png");
        DinoProcess.Result fromRun = DinoProcess.run(dir, "attention", "--checkpoint", run.toString(), "--image", image.toString(),
                "--output", dir.resolve("attention.png").toString(), "--threshold", "0.6");
        DinoProcess.Result fromWeights = DinoProcess.run(dir, "attention", "--weights", run.resolve("backbone.safetensors").toString(),
                "--arch", "vit_tiny", "--embed-dim", "32", "--depth", "1", "--heads", "2", "--patch-size", "4", "--image-size", "16",
                "--image", image.toString(), "--output", dir.resolve("attention-weights.png").toString(), "--threshold", "0.6");

        assertThat(fromRun.exitCode()).as(fromRun.output()).isZero();
        assertThat(fromWeights.exitCode()).as(fromWeights.output()).isZero();
        BufferedImage figure = ImageIO.read(dir.resolve("attention.png").toFile());
        // 16 px crops drawn 10x (160 px panels), 4 px gaps: the crop + 2 heads, a heat-map row and a mask row.
        assertThat(figure.getWidth()).isEqualTo(3 * 160 + 4 * 4);
        assertThat(figure.getHeight()).isEqualTo(2 * 160 + 3 * 4);
        BufferedImage same = ImageIO.read(dir.resolve("attention-weights.png").toFile());
        for (int y = 0; y < figure.getHeight(); y += 7) {
            for (int x = 0; x < figure.getWidth(); x += 7) {
                assertThat(same.getRGB(x, y)).isEqualTo(figure.getRGB(x, y));
            }
        }
    }

    @Test
    @Order(3)
    void attentionNeedsOneModelSource() throws Exception {
        DinoProcess.Result both = DinoProcess.run(dir, "attention", "--checkpoint", run.toString(), "--weights", "x.safetensors",
                "--image", "x.png", "--output", "y.png");

        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.output()).contains("error: ").contains("mutually exclusive").doesNotContain("\tat ");
    }

    @Test
    @Order(4)
    void theReportRendersInAHeadlessBrowserWithEveryChartTheComparisonAndTheAttentionMaps() throws Exception {
        // The k-NN lines the training loop logs when k-NN evaluation is on, 40 more noisy training lines (enough
        // for a moving average of the loss) and the closing comparison of dino.eval.knn-baselines.
        StringBuilder lines = new StringBuilder("{\"iteration\":1,\"epoch\":0,\"knn_top1\":50.00,\"knn_top5\":100.00}\n"
                + "{\"iteration\":2,\"epoch\":1,\"knn_top1\":62.50,\"knn_top5\":100.00}\n");
        for (int i = 2; i < 42; i++) {
            lines.append(String.format(java.util.Locale.ROOT, "{\"iteration\":%d,\"epoch\":1,\"loss\":%.4f}%n", i, 6 - 0.02 * i + (i % 2) * 0.3));
        }
        lines.append("{\"iteration\":41,\"epoch\":1,\"record\":\"demo_comparison\",\"k\":20,\"temperature\":0.07,\"bank\":16,\"queries\":8,"
                + "\"trained_top1\":62.5000,\"random_init_top1\":37.5000,\"raw_pixels_top1\":75.0000,\"gain_points\":25.0000,\"seconds\":1.0}\n");
        Files.writeString(run.resolve("metrics.jsonl"), lines, StandardOpenOption.APPEND);
        DinoProcess.Result report = DinoProcess.run(dir, "report", run.toString());
        assertThat(report.exitCode()).as(report.output()).isZero();
        String html = Files.readString(run.resolve("report.html"));
        assertThat(html).contains("data:image/png;base64,").contains("<td><code>dino.backbone.heads</code></td><td><code>2</code></td>");
        assertThat(html).containsPattern("<img alt=\"PCA of the patch features of [0-9]+ training images\" src=\"data:image/png;base64,")
                .doesNotContain("No patch features");

        Optional<Path> chromium = HeadlessChromium.find();
        assumeTrue(chromium.isPresent(), "chromium is not installed (apt-get install chromium; .ci/run installs it)");
        HeadlessChromium.Result dom = HeadlessChromium.run(chromium.get(), run.resolve("report.html"), dir, "--dump-dom");
        assertThat(dom.exitCode()).as(dom.stderr()).isZero();
        for (String title : List.of("Loss", "Learning rate", "Weight decay", "Teacher momentum", "Teacher temperature", "Throughput",
                "Resident memory", "k-NN accuracy")) {
            assertThat(dom.stdout()).contains("data-title=\"" + title + "\"");
        }
        assertThat(dom.stdout()).containsPattern("<img alt=\"attention maps of [^\"]+\" src=\"data:image/png;base64,");
        assertThat(dom.stdout()).contains(">mean of 3<", ">random init<", ">raw pixels (reference)<",
                "62.50 % trained, 37.50 % the same network at its random initialisation (+25.0 points), 75.00 % k-NN on raw pixels");
        assertThat(dom.stderr()).doesNotContain("Uncaught").doesNotContain("Failed to load resource");

        Path screenshot = dir.resolve("report.png");
        HeadlessChromium.Result shot = HeadlessChromium.run(chromium.get(), run.resolve("report.html"), dir, "--screenshot=" + screenshot);
        assertThat(shot.exitCode()).as(shot.stderr()).isZero();
        assertThat(ImageIO.read(screenshot.toFile()).getWidth()).isEqualTo(1250);
    }

    @Test
    @Order(5)
    void theLinearProbePrintsItsTopOneLastAndWritesJsonNextToTheCheckpoint() throws Exception {
        DinoProcess.Result result = DinoProcess.run(dir, "eval", "linear", "--checkpoint", run.toString(), "--train", data.toString(),
                "--test", data.toString(), "--epochs", "3", "--batch-size", "4");

        assertThat(result.exitCode()).as(result.output()).isZero();
        List<String> lines = result.output().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines.get(lines.size() - 1)).matches("linear_top1=\\d+\\.\\d\\d");
        JsonObject json = JsonParser.parseString(Files.readString(run.resolve("eval-linear.json"))).getAsJsonObject();
        assertThat(json.get("train_images").getAsInt()).isEqualTo(16);
        assertThat(json.get("test_images").getAsInt()).isEqualTo(8);
        assertThat(json.get("effective_lr").getAsDouble()).isEqualTo(0.001 * 4 / 256);
        assertThat(String.format(java.util.Locale.ROOT, "linear_top1=%.2f", json.get("linear_top1").getAsDouble()))
                .isEqualTo(lines.get(lines.size() - 1));
    }
}
