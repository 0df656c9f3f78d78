package dev.dinojvm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KillAndResumeTest {

    private static final int ITERATIONS = 8 * 20; // 64 images, batch 8, 20 epochs

    /**
     * Kills a run with SIGKILL between checkpoints, resumes it, and checks the iteration count, and that
     * the whole loss curve and the schedules equal those of an uninterrupted run: training is
     * deterministic for a seed, and a resume restores the state exactly.
     */
    @Test
    void aKilledRunResumesWithoutAJumpInTheLossCurve(@TempDir Path dir) throws Exception {
        Path data = TrainingData.shapes(dir.resolve("data"), 64);
        String[] extra = {"--epochs", "20", "--set", "dino.train.checkpoint-every=10"};

        Path reference = dir.resolve("reference");
        DinoProcess.Result full = DinoProcess.run(dir, TrainingData.tinyModel(data, reference, extra));
        assertThat(full.exitCode()).as(full.output()).isZero();

        Path killed = dir.resolve("killed");
        try (DinoProcess run = DinoProcess.start(dir, List.of(), TrainingData.tinyModel(data, killed, extra))) {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (Metrics.iterations(killed).size() < 35 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            run.kill();
        }
        List<JsonObject> beforeKill = Metrics.iterations(killed);
        assertThat(beforeKill.size()).as("killed mid-run").isBetween(35, ITERATIONS - 1);

        DinoProcess.Result resumed = DinoProcess.run(dir, TrainingData.tinyModel(data, killed, append(extra, "--resume")));
        assertThat(resumed.exitCode()).as(resumed.output()).isZero();
        Matcher from = Pattern.compile("Resuming from .* at iteration (\\d+) of " + ITERATIONS).matcher(resumed.output());
        assertThat(from.find()).as(resumed.output()).isTrue();
        int checkpoint = Integer.parseInt(from.group(1));
        assertThat(checkpoint).isLessThanOrEqualTo(beforeKill.size());

        List<JsonObject> expected = Metrics.iterations(reference);
        List<JsonObject> actual = Metrics.iterations(killed);
        assertThat(actual).hasSize(ITERATIONS);
        for (int i = 0; i < ITERATIONS; i++) {
            assertThat(actual.get(i).get("iteration").getAsInt()).isEqualTo(i);
            assertThat(actual.get(i).get("loss").getAsDouble()).as("loss at iteration " + i)
                    .isCloseTo(expected.get(i).get("loss").getAsDouble(), within(1e-6));
            assertThat(actual.get(i).get("lr").getAsDouble()).isEqualTo(expected.get(i).get("lr").getAsDouble());
            assertThat(actual.get(i).get("teacher_momentum").getAsDouble())
                    .isEqualTo(expected.get(i).get("teacher_momentum").getAsDouble());
        }
        for (int i = checkpoint; i < beforeKill.size(); i++) {
            assertThat(actual.get(i).get("loss").getAsDouble()).as("replayed loss at iteration " + i)
                    .isCloseTo(beforeKill.get(i).get("loss").getAsDouble(), within(1e-6));
        }
    }

    @Test
    void aConfigurationThatContradictsTheCheckpointIsRefused(@TempDir Path dir) throws Exception {
        Path data = TrainingData.shapes(dir.resolve("data"), 16);
        Path output = dir.resolve("run");
        assertThat(DinoProcess.run(dir, TrainingData.tinyModel(data, output, "--epochs", "1")).exitCode()).isZero();

        DinoProcess.Result changed = DinoProcess.run(dir,
                TrainingData.tinyModel(data, output, "--epochs", "1", "--set", "dino.optimizer.lr=0.1"));

        assertThat(changed.exitCode()).isEqualTo(2);
        assertThat(changed.output()).contains("dino.optimizer.lr").contains("checkpoint").doesNotContain("Exception");
    }

    private static String[] append(String[] args, String extra) {
        String[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = extra;
        return out;
    }
}
