package dev.dinojvm.engine.job;

import dev.dinojvm.engine.train.DinoTrainer;
import dev.dinojvm.engine.train.ResidentMemory;
import dev.dinojvm.engine.train.TrainingRecipe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dinojvm.engine.metrics.KnnMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** k-NN lines in metrics.jsonl: their format, and their fate when a run resumes. */
class MetricsLogKnnTest {

    @Test
    void aKnnLineHasNoLossAndSurvivesAResumeFromTheFollowingCheckpoint(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        try (MetricsLog log = new MetricsLog(file, 0)) {
            log.append(new KnnMetrics(2, 0, 45.5, 91.25));
        }
        assertThat(Files.readAllLines(file)).containsExactly("{\"iteration\":2,\"epoch\":0,\"knn_top1\":45.5000,\"knn_top5\":91.2500}");

        new MetricsLog(file, 3).close(); // resuming from the checkpoint after iteration 2 keeps the line
        assertThat(Files.readAllLines(file)).hasSize(1);
        new MetricsLog(file, 2).close(); // resuming from an earlier one replays the epoch end: the line goes
        assertThat(Files.readAllLines(file)).isEmpty();
    }
}
