package dev.dinojvm.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dinojvm.engine.config.ConfigInput;
import dev.dinojvm.engine.config.ConfigLoader;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.plugin.PluginSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bench report's structure on a tiny model: fields present and plausible, nothing timed. */
class BenchJobTest {

    private static PluginRegistry registry;

    @BeforeAll
    static void loadPlugins() {
        registry = PluginRegistry.load(List.of(PluginSource.classPath(BenchJobTest.class.getClassLoader())), true);
    }

    private static DinoSettings tinySettings(String... more) {
        List<String> assignments = new java.util.ArrayList<>(List.of(
                "dino.data.path=embedded:fashion-mnist", "dino.data.limit=32", "dino.data.workers=1",
                "dino.train.batch-size=4", "dino.train.epochs=2", "dino.train.device=cpu",
                "dino.optimizer.warmup-epochs=1",
                "dino.backbone.embed-dim=16", "dino.backbone.depth=1", "dino.backbone.heads=2",
                "dino.backbone.patch-size=4", "dino.backbone.image-size=16",
                "dino.augmentation.global-size=16", "dino.augmentation.local-size=8", "dino.augmentation.local-crops=2",
                "dino.head.out-dim=64", "dino.head.hidden-dim=32", "dino.head.bottleneck-dim=16"));
        assignments.addAll(List.of(more));
        return new ConfigLoader(registry, Map.of()).load(new ConfigInput(null, List.of(), assignments));
    }

    @Test
    void reportsTrainingAndDataFiguresWithTheProfileAndTheEffectiveConfiguration() throws Exception {
        BenchReport report = new BenchJob(tinySettings(), registry, new BenchOptions(1, 3, true, true, true, false)).run();
        JsonObject json = JsonParser.parseString(report.toJsonLine()).getAsJsonObject();

        assertThat(json.get("training_images_per_second").getAsDouble()).isPositive();
        JsonObject steps = json.getAsJsonObject("training_step_ms");
        assertThat(steps.get("count").getAsInt()).isEqualTo(3); // one timing per step on the CPU
        assertThat(steps.get("min").getAsDouble()).isPositive().isLessThanOrEqualTo(steps.get("median").getAsDouble());
        assertThat(steps.get("median").getAsDouble()).isLessThanOrEqualTo(steps.get("max").getAsDouble());
        // images/s is the batch over the median step time
        assertThat(json.get("training_images_per_second").getAsDouble())
                .isCloseTo(4 / (steps.get("median").getAsDouble() / 1000), org.assertj.core.data.Percentage.withPercentage(1));

        assertThat(json.get("training_cpu_load").getAsDouble()).isPositive();
        assertThat(json.get("data_pipeline_images_per_second").getAsDouble()).isPositive();
        assertThat(json.getAsJsonObject("data_batch_ms").get("count").getAsInt()).isEqualTo(3);
        assertThat(json.get("data_cpu_load").getAsDouble()).isPositive();
        assertThat(json.get("peak_resident_memory_mb").getAsDouble()).isGreaterThan(50);
        assertThat(json.get("peak_device_memory_mb").isJsonNull()).isTrue(); // CPU

        JsonObject profile = json.getAsJsonObject("profile_ms");
        assertThat(profile.keySet()).containsExactly("forward", "loss", "backward", "clipping", "optimizer", "teacher_update", "center");
        profile.entrySet().forEach(e -> assertThat(e.getValue().getAsDouble()).as(e.getKey()).isGreaterThanOrEqualTo(0));
        double phases = profile.entrySet().stream().mapToDouble(e -> e.getValue().getAsDouble()).sum();
        assertThat(phases).isPositive();

        assertThat(json.get("student_parameters").getAsLong()).isPositive();
        JsonObject config = json.getAsJsonObject("config");
        assertThat(config.get("batch_size").getAsInt()).isEqualTo(4);
        assertThat(config.get("device").getAsString()).isEqualTo("cpu()");
        assertThat(config.getAsJsonObject("model").get("backbone.embed-dim").getAsString()).isEqualTo("16");
        assertThat(config.getAsJsonObject("model").get("head.out-dim").getAsString()).isEqualTo("64");
        JsonObject crops = config.getAsJsonObject("crops");
        assertThat(crops.get("global").getAsInt()).isEqualTo(2);
        assertThat(crops.get("global_size").getAsInt()).isEqualTo(16);
        assertThat(crops.get("local").getAsInt()).isEqualTo(2);
        assertThat(crops.get("local_size").getAsInt()).isEqualTo(8);
        assertThat(config.get("torch_threads").getAsInt()).isPositive();
        assertThat(config.get("data_workers").getAsInt()).isEqualTo(1);
        assertThat(config.get("precision").getAsString()).isEqualTo("fp32");
    }

    @Test
    void modelOnlyLeavesTheDataFiguresNullAndWithoutProfileNoPhases() throws Exception {
        BenchReport report = new BenchJob(tinySettings(), registry, new BenchOptions(0, 2, false, true, false, false)).run();
        JsonObject json = JsonParser.parseString(report.toJsonLine()).getAsJsonObject();
        assertThat(json.get("training_images_per_second").getAsDouble()).isPositive();
        assertThat(json.get("data_pipeline_images_per_second").isJsonNull()).isTrue();
        assertThat(json.get("data_batch_ms").isJsonNull()).isTrue();
        assertThat(json.get("profile_ms").isJsonNull()).isTrue();
    }

    @Test
    void dataOnlyBuildsNoModel() throws Exception {
        BenchReport report = new BenchJob(tinySettings(), registry, new BenchOptions(1, 2, false, false, true, false)).run();
        JsonObject json = JsonParser.parseString(report.toJsonLine()).getAsJsonObject();
        assertThat(json.get("training_images_per_second").isJsonNull()).isTrue();
        assertThat(json.get("student_parameters").isJsonNull()).isTrue();
        assertThat(json.get("data_pipeline_images_per_second").getAsDouble()).isPositive();
    }

    @Test
    void stagesShareTheCpuTimeOfAnImageAmongTheStages() throws Exception {
        BenchReport report = new BenchJob(tinySettings(), registry, new BenchOptions(1, 2, false, false, true, true)).run();
        JsonObject stages = JsonParser.parseString(report.toJsonLine()).getAsJsonObject().getAsJsonObject("data_stage_ms_per_image");

        assertThat(stages.keySet()).containsExactly("decode", "crop + bicubic resize", "flip", "colour jitter", "grey", "blur",
                "solarise", "normalise", "copy into the batch", "total");
        stages.entrySet().forEach(e -> assertThat(e.getValue().getAsDouble()).as(e.getKey()).isGreaterThanOrEqualTo(0));
        assertThat(stages.get("crop + bicubic resize").getAsDouble()).isPositive();
        double sum = stages.entrySet().stream().filter(e -> !e.getKey().equals("total")).mapToDouble(e -> e.getValue().getAsDouble()).sum();
        assertThat(sum).isCloseTo(stages.get("total").getAsDouble(), org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void underSeveralRanksTheDataFiguresAreOfThisRanksShare() throws Exception {
        BenchReport report = new BenchJob(tinySettings("dino.distributed.world-size=2", "dino.distributed.rank=1",
                "dino.distributed.master-addr=127.0.0.1", "dino.distributed.master-port=29500"), registry,
                new BenchOptions(1, 2, false, false, true, false)).run();
        JsonObject json = JsonParser.parseString(report.toJsonLine()).getAsJsonObject();

        assertThat(json.get("data_rank").getAsInt()).isEqualTo(1);
        assertThat(json.get("data_ranks").getAsInt()).isEqualTo(2);
        // 2 of the 4 images of each batch, over the median batch time
        assertThat(json.get("data_pipeline_images_per_second").getAsDouble())
                .isCloseTo(2 / (json.getAsJsonObject("data_batch_ms").get("median").getAsDouble() / 1000),
                        org.assertj.core.data.Percentage.withPercentage(1));
    }

    @Test
    void optionsRejectNothingToMeasureAndBadCounts() {
        assertThatThrownBy(() -> new BenchOptions(1, 3, false, true, false, true)).hasMessageContaining("--stages");
        assertThatThrownBy(() -> new BenchOptions(1, 3, false, false, false, false)).hasMessageContaining("nothing to measure");
        assertThatThrownBy(() -> new BenchOptions(1, 0, false, true, true, false)).hasMessageContaining("--steps");
        assertThatThrownBy(() -> new BenchOptions(-1, 3, false, true, true, false)).hasMessageContaining("--warmup");
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Statistics.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
        assertThat(Statistics.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }
}
