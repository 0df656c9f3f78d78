package dev.dinojvm.engine.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dinojvm.engine.eval.InitialisationComparison;
import dev.dinojvm.engine.eval.KnnResult;
import dev.dinojvm.engine.metrics.KnnMetrics;
import dev.dinojvm.engine.tensorboard.EventFileReader;
import dev.dinojvm.engine.train.DinoTrainer;
import dev.dinojvm.engine.train.TrainingRecipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What metrics.jsonl gets, tb/ gets as TensorBoard scalars, under the same names. */
class MetricsLogTensorBoardTest {

    @Test
    void eachRecordIsWrittenAsScalarsAtItsIteration(@TempDir Path dir) throws Exception {
        try (MetricsLog log = new MetricsLog(dir.resolve("metrics.jsonl"), 0)) {
            log.append(MetricsListener.metrics(fp16Step(), 0, 123.25, 1.0, 2, new double[] {812.5, 790.0}, 640.5));
            log.append(new KnnMetrics(7, 0, 45.5, 91.25));
        }

        List<EventFileReader.Event> events = EventFileReader.read(onlyEventFile(dir.resolve("tb")));
        assertThat(events).hasSize(3);
        Map<String, Float> step = events.get(1).scalars();
        assertThat(events.get(1).step()).isEqualTo(7L);
        assertThat(step).containsEntry("train/loss", 9.5f).containsEntry("train/loss_terms/dino", 9.0f).containsEntry("train/loss_terms/koleo", 0.5f).containsEntry("train/lr", 2.5e-4f)
                .containsEntry("train/weight_decay", 0.04f).containsEntry("train/teacher_momentum", 0.996f)
                .containsEntry("train/teacher_temperature", 0.07f).containsEntry("system/images_per_second", 123.25f)
                .containsEntry("system/rss_mb", 640.5f).containsEntry("system/devices", 2f).containsEntry("train/loss_scale", 1024f)
                .containsEntry("train/skipped_steps", 3f).containsEntry("system/device_memory_mb/0", 812.5f)
                .containsEntry("system/device_memory_mb/1", 790f)
                .containsEntry("train/teacher_entropy", 6.5f).containsEntry("train/teacher_student_kl", 3.0f);
        assertThat(events.get(2).step()).isEqualTo(7L);
        assertThat(events.get(2).scalars()).containsExactly(Map.entry("eval/knn_top1", 45.5f), Map.entry("eval/knn_top5", 91.25f));
    }

    /** Every scalar's tag ends in the name of a metrics.jsonl field of the same line, holding the same value. */
    @Test
    void everyScalarIsNamedAfterTheJsonFieldItRepeats(@TempDir Path dir) throws Exception {
        KnnResult knn = new KnnResult(20, 0.07, 100, 50, 45.5, 91.25);
        try (MetricsLog log = new MetricsLog(dir.resolve("metrics.jsonl"), 0)) {
            log.append(MetricsListener.metrics(fp16Step(), 0, 123.25, 1.0, 2, new double[] {812.5, 790.0}, 640.5));
            log.append(new KnnMetrics(7, 0, 45.5, 91.25));
            log.append(new InitialisationComparison.Result(knn, new KnnResult(20, 0.07, 100, 50, 30, 70), knn, 2.5).toMetrics(7, 0));
        }
        List<String> lines = Files.readAllLines(dir.resolve("metrics.jsonl"));
        List<EventFileReader.Event> events = EventFileReader.read(onlyEventFile(dir.resolve("tb")));
        assertThat(lines).hasSize(3);
        assertThat(events).hasSize(4); // the file version, then one event per line

        for (int i = 0; i < lines.size(); i++) {
            JsonObject json = JsonParser.parseString(lines.get(i)).getAsJsonObject();
            Map<String, Float> scalars = events.get(i + 1).scalars();
            assertThat(scalars).isNotEmpty();
            for (Map.Entry<String, Float> scalar : scalars.entrySet()) {
                String[] parts = scalar.getKey().split("/");
                assertThat(parts.length).as(scalar.getKey()).isBetween(2, 3);
                String field = parts[1];
                assertThat(json.has(field)).as("%s in %s", scalar.getKey(), lines.get(i)).isTrue();
                double value = parts.length == 2 ? json.get(field).getAsDouble()
                        : json.get(field).isJsonObject() ? json.getAsJsonObject(field).get(parts[2]).getAsDouble()
                        : json.getAsJsonArray(field).get(Integer.parseInt(parts[2])).getAsDouble();
                assertThat((double) scalar.getValue()).as(scalar.getKey()).isCloseTo(value, within(Math.abs(value) * 1e-6 + 1e-9));
            }
        }
    }

    @Test
    void aResumedLogStartsItsEventFileWithASessionStartAtTheResumeIteration(@TempDir Path dir) throws Exception {
        new MetricsLog(dir.resolve("metrics.jsonl"), 12).close();

        EventFileReader.Event start = EventFileReader.read(onlyEventFile(dir.resolve("tb"))).get(1);
        assertThat(start.sessionStatus()).isEqualTo(1L);
        assertThat(start.step()).isEqualTo(12L);
    }

    private static DinoTrainer.StepResult fp16Step() {
        return new DinoTrainer.StepResult(7, 9.5f, true, new TrainingRecipe.Values(2.5e-4, 0.04, 0.07, false, false), 0.996, true, 1024, 3, 6.5f,
                java.util.Map.of("dino", 9.0f, "koleo", 0.5f));
    }

    private static Path onlyEventFile(Path tb) throws Exception {
        try (Stream<Path> files = Files.list(tb)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            assertThat(all.get(0).getFileName().toString()).startsWith("events.out.tfevents.");
            return all.get(0);
        }
    }
}
