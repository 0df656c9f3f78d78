package dev.dinojvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dino bench} as a process: one JSON line on stdout, and clear errors for bad options. */
class BenchCommandTest {

    @Test
    void printsOneJsonLineWithTrainingDataAndMemoryFigures(@TempDir Path dir) throws Exception {
        Path data = TrainingData.shapes(dir.resolve("data"), 32);
        String[] train = TrainingData.tinyModel(data, dir.resolve("unused"));
        String[] args = bench(train, "--steps", "3", "--warmup", "1", "--profile");

        DinoProcess.Result result = DinoProcess.run(dir, args);

        assertThat(result.exitCode()).as(result.output()).isZero();
        String[] jsonLines = result.output().lines().filter(l -> l.startsWith("{")).toArray(String[]::new);
        assertThat(jsonLines).as(result.output()).hasSize(1);
        JsonObject json = JsonParser.parseString(jsonLines[0]).getAsJsonObject();
        assertThat(json.get("training_images_per_second").getAsDouble()).isPositive();
        assertThat(json.getAsJsonObject("training_step_ms").get("count").getAsInt()).isEqualTo(3);
        assertThat(json.get("data_pipeline_images_per_second").getAsDouble()).isPositive();
        assertThat(json.get("peak_resident_memory_mb").getAsDouble()).isGreaterThan(50);
        assertThat(json.get("peak_device_memory_mb").isJsonNull()).isTrue();
        assertThat(json.getAsJsonObject("profile_ms").keySet()).hasSize(7); // REPLICAS only with several devices
        assertThat(json.get("devices").getAsInt()).isEqualTo(1);
        assertThat(json.getAsJsonArray("losses")).hasSize(3);
        assertThat(json.get("loss_scale").isJsonNull()).isTrue();
        assertThat(json.getAsJsonObject("config").get("precision").getAsString()).isEqualTo("fp32");
        JsonObject config = json.getAsJsonObject("config");
        assertThat(config.get("batch_size").getAsInt()).isEqualTo(8);
        assertThat(config.getAsJsonObject("crops").get("local").getAsInt()).isEqualTo(2);
        assertThat(config.getAsJsonObject("model").get("backbone.embed-dim").getAsString()).isEqualTo("32");
        assertThat(config.get("device").getAsString()).isEqualTo("cpu()");
    }

    @Test
    void refusesContradictoryOptionsAndBfloat16WithOneClearLine(@TempDir Path dir) throws Exception {
        DinoProcess.Result both = DinoProcess.run(dir, "bench", "--model-only", "--data-pipeline-only");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.output()).contains("error: nothing to measure").doesNotContain("Exception");

        DinoProcess.Result bf16 = DinoProcess.run(dir, "bench", "--set", "dino.train.precision=bf16", "--steps", "1");
        assertThat(bf16.exitCode()).isEqualTo(2);
        assertThat(bf16.output()).contains("error: dino.train.precision: bf16 is not supported").doesNotContain("Exception");
    }

    @Test
    void twoCpuReplicasReportTheirScalingAndRunAtOnce(@TempDir Path dir) throws Exception {
        Path data = TrainingData.shapes(dir.resolve("data"), 32);
        String[] args = bench(TrainingData.tinyModel(data, dir.resolve("unused")), "--steps", "3", "--warmup", "1", "--profile",
                "--model-only", "--set", "dino.train.devices=2");

        DinoProcess.Result result = DinoProcess.run(dir, args);

        assertThat(result.exitCode()).as(result.output()).isZero();
        JsonObject json = JsonParser.parseString(result.output().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow())
                .getAsJsonObject();
        assertThat(json.get("devices").getAsInt()).isEqualTo(2);
        assertThat(json.get("single_device_images_per_second").getAsDouble()).isPositive();
        assertThat(json.get("scaling").getAsDouble()).isPositive();
        // Replicas that ran one after another would give exactly 1.
        assertThat(json.get("replica_concurrency").getAsDouble()).isGreaterThan(1.2);
        assertThat(json.getAsJsonObject("profile_ms").has("replicas")).isTrue();
    }

    /** The training arguments of {@link TrainingData#tinyModel} with {@code bench} instead of {@code train}, without --output. */
    private static String[] bench(String[] train, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(Arrays.asList(train));
        int output = args.indexOf("--output");
        args.remove(output + 1);
        args.remove(output);
        args.set(0, "bench");
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }
}
