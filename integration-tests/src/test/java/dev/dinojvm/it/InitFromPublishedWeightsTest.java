package dev.dinojvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dino train --init-from}: five steps from the committed official-layout full checkpoint (a tiny
 * ViT written by PyTorch), then {@code dino embed} with the run. After so few steps at a tiny learning
 * rate the teacher is still the file's: its features match those of the file itself.
 */
class InitFromPublishedWeightsTest {

    private static final String[] FIXTURE_ARCHITECTURE = {
        "--set", "dino.backbone.embed-dim=16", "--set", "dino.backbone.depth=2", "--set", "dino.backbone.heads=2",
        "--set", "dino.backbone.patch-size=8", "--set", "dino.backbone.image-size=32",
        "--set", "dino.augmentation.global-size=32", "--set", "dino.augmentation.local-size=16",
        "--set", "dino.augmentation.local-crops=2", "--set", "dino.head.out-dim=32",
        "--set", "dino.head.hidden-dim=24", "--set", "dino.head.bottleneck-dim=8",
        "--set", "dino.optimizer.warmup-epochs=1", "--set", "dino.data.workers=1",
    };

    @Test
    void trainsFiveStepsFromAnOfficialFullCheckpointThenEmbedsWithTheRun(@TempDir Path dir) throws Exception {
        Path weights = Path.of(System.getProperty("dino.root"), "dino-engine", "src", "test", "resources", "weights",
                "vit-full-checkpoint.pth");
        Path data = TrainingData.shapes(dir.resolve("data"), 16);
        Path run = dir.resolve("run");

        DinoProcess.Result train = DinoProcess.run(dir, concat(new String[] {"train", "--data", data.toString(),
            "--output", run.toString(), "--batch-size", "8", "--epochs", "3", "--max-steps", "5",
            "--init-from", weights.toString()}, FIXTURE_ARCHITECTURE));

        assertThat(train.exitCode()).as(train.output()).isZero();
        assertThat(train.output()).contains("initial weights: " + weights, "official DINO full checkpoint",
                "sha256 656ce627e08d68148446194d9186fc0692765b70d2fe34cc657fbd8147438b2c", "backbone and head",
                "read the teacher of the DINO full checkpoint (vit_tiny) after epoch 3");
        assertThat(Files.readAllLines(run.resolve("metrics.jsonl"))).hasSize(5);
        Path checkpoint;
        try (Stream<Path> checkpoints = Files.list(run.resolve("checkpoints"))) {
            checkpoint = checkpoints.sorted().reduce((a, b) -> b).orElseThrow();
        }
        assertThat(Files.readString(checkpoint.resolve("config.properties")))
                .contains("dino.train.init-from=" + weights.toString().replace(":", "\\:"), "dino.train.init-strict=true");

        Path fromRun = dir.resolve("run.npy");
        Path fromFile = dir.resolve("file.npy");
        DinoProcess.Result embedRun = DinoProcess.run(dir, "embed", "--checkpoint", run.toString(), "--data", data.toString(),
                "--output", fromRun.toString());
        DinoProcess.Result embedFile = DinoProcess.run(dir, "embed", "--weights", weights.toString(), "--heads", "2",
                "--data", data.toString(), "--output", fromFile.toString());

        assertThat(embedRun.exitCode()).as(embedRun.output()).isZero();
        assertThat(embedFile.exitCode()).as(embedFile.output()).isZero();
        TensorFiles.Tensor trained = TensorFiles.readNpy(fromRun);
        TensorFiles.Tensor published = TensorFiles.readNpy(fromFile);
        assertThat(trained.shape()).containsExactly(16, 16);
        for (int i = 0; i < 16; i++) {
            assertThat(cosine(trained.values(), published.values(), i, 16)).as("image %d", i).isGreaterThan(0.99);
        }
    }

    private static double cosine(float[] a, float[] b, int row, int dim) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int d = row * dim; d < (row + 1) * dim; d++) {
            dot += (double) a[d] * b[d];
            na += (double) a[d] * a[d];
            nb += (double) b[d] * b[d];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
