package dev.dinojvm.engine.job;

import dev.dinojvm.engine.train.DinoTrainer;
import dev.dinojvm.engine.train.ResidentMemory;
import dev.dinojvm.engine.train.TrainingRecipe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dinojvm.engine.eval.KnnResult;
import dev.dinojvm.engine.tensorboard.EventFileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What metrics.jsonl gets, tb/ gets as TensorBoard scalars. */
class MetricsLogTensorBoardTest {

    @Test
    void eachRecordIsWrittenAsScalarsAtItsIteration(@TempDir Path dir) throws Exception {
        try (MetricsLog log = new MetricsLog(dir.resolve("metrics.jsonl"), 0)) {
            log.append(new DinoTrainer.StepResult(7, 9.5f, true, new TrainingRecipe.Values(2.5e-4, 0.04, 0.07, false, false), 0.996, false, 1, 0, 6.5f),
                    0, 123.25, 1.0, 1, new double[0]);
            log.appendKnn(7, 0, new KnnResult(20, 0.07, 100, 50, 45.5, 91.25));
        }

        List<EventFileReader.Event> events = EventFileReader.read(onlyEventFile(dir.resolve("tb")));
        assertThat(events).hasSize(3);
        Map<String, Float> step = events.get(1).scalars();
        assertThat(events.get(1).step()).isEqualTo(7L);
        assertThat(step).containsEntry("train/loss", 9.5f).containsEntry("train/learning_rate", 2.5e-4f)
                .containsEntry("train/weight_decay", 0.04f).containsEntry("train/teacher_momentum", 0.996f)
                .containsEntry("train/teacher_temperature", 0.07f).containsEntry("system/images_per_second", 123.25f)
                .containsEntry("train/teacher_entropy", 6.5f).containsEntry("train/teacher_student_kl", 3.0f);
        assertThat(step.get("system/resident_memory_mib")).isPositive();
        assertThat(events.get(2).step()).isEqualTo(7L);
        assertThat(events.get(2).scalars()).containsExactly(Map.entry("knn/top1", 45.5f), Map.entry("knn/top5", 91.25f));
    }

    @Test
    void aResumedLogStartsItsEventFileWithASessionStartAtTheResumeIteration(@TempDir Path dir) throws Exception {
        new MetricsLog(dir.resolve("metrics.jsonl"), 12).close();

        EventFileReader.Event start = EventFileReader.read(onlyEventFile(dir.resolve("tb"))).get(1);
        assertThat(start.sessionStatus()).isEqualTo(1L);
        assertThat(start.step()).isEqualTo(12L);
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
