package dev.dinojvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training must not leak: every NDArray of a step is closed. A leak of one activation per step shows
 * as resident memory growing by megabytes; heap growth is ruled out by a fixed, pre-touched heap.
 */
class ResidentMemoryTest {

    @Test
    void residentMemoryStaysFlatOverFiveHundredIterations(@TempDir Path dir) throws Exception {
        Path data = TrainingData.shapes(dir.resolve("data"), 64);
        Path output = dir.resolve("run");
        String[] args = TrainingData.tinyModel(data, output, "--epochs", "300", "--set", "dino.train.batch-size=32",
                "--set", "dino.train.checkpoint-every=100000");
        try (DinoProcess run = DinoProcess.start(dir, List.of("-Xms160m", "-Xmx160m", "-XX:+AlwaysPreTouch"), args)) {
            DinoProcess.Result result = run.await(Duration.ofMinutes(8));
            assertThat(result.exitCode()).as(result.output()).isZero();
        }
        List<JsonObject> metrics = Metrics.iterations(output);
        assertThat(metrics).hasSize(600); // 64 images / 32 = 2 iterations per epoch
        double early = metrics.get(100).get("rss_mb").getAsDouble();
        double late = metrics.get(599).get("rss_mb").getAsDouble();
        assertThat(early).isPositive();
        // An activation of this model is 32×17×32 floats = 68 KiB: one leaked per step over the last
        // 500 steps would add 33 MiB. Allocator and JIT noise has reached 21 MiB on a busy 2-core machine,
        // so the bound sits between the two.
        assertThat(late - early).as("RSS growth from iteration 100 to 600, MiB (RSS %.1f -> %.1f)", early, late)
                .isLessThan(26.0);
    }
}
