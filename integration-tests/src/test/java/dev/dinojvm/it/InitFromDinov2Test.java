package dev.dinojvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dino train --data DIR --init-from} a file in the layout of {@code dinov2_vits14_reg4_pretrain.pth}
 * (a tiny one written by facebookresearch/dinov2's code): the registers, LayerScale, patch size, width and
 * depth come from the file; only the head count, which a state dict does not record for a non-standard
 * width, is given. A contradicting setting is refused before training.
 */
class InitFromDinov2Test {

    private static Path reg4() {
        return Path.of(System.getProperty("dino.root"), "dino-engine", "src", "test", "resources", "dinov2", "reg4.pth");
    }

    @Test
    void trainsFromARegisterCheckpointWithTheArchitectureItImplies(@TempDir Path dir) throws Exception {
        Path data = TrainingData.shapes(dir.resolve("data"), 8);
        Path run = dir.resolve("run");

        DinoProcess.Result train = DinoProcess.run(dir, "train", "--data", data.toString(), "--init-from", reg4().toString(),
                "--output", run.toString(), "--batch-size", "4", "--max-steps", "2", "--set", "dino.backbone.heads=2",
                "--set", "dino.head.out-dim=256", "--set", "dino.data.workers=1");

        assertThat(train.exitCode()).as(train.output()).isZero();
        assertThat(train.output()).contains("initial weights: " + reg4(), "the file has no projection head");
        assertThat(Files.readAllLines(run.resolve("metrics.jsonl"))).hasSize(2);

        DinoProcess.Result show = DinoProcess.run(dir, "config", "show", "--set", "dino.data.path=" + data,
                "--set", "dino.train.init-from=" + reg4(), "--set", "dino.backbone.heads=2");
        assertThat(show.output()).containsPattern("dino\\.backbone\\.registers = 4\\s+# --init-from reg4\\.pth")
                .containsPattern("dino\\.backbone\\.patch-size = 14\\s+# --init-from reg4\\.pth");
    }

    @Test
    void aContradictingSettingIsRefusedBeforeTraining(@TempDir Path dir) throws Exception {
        Path data = TrainingData.shapes(dir.resolve("data"), 8);

        DinoProcess.Result train = DinoProcess.run(dir, "train", "--data", data.toString(), "--init-from", reg4().toString(),
                "--output", dir.resolve("run").toString(), "--set", "dino.backbone.heads=2", "--set", "dino.backbone.registers=0");

        assertThat(train.exitCode()).isEqualTo(2);
        assertThat(train.output()).contains("dino.backbone.registers: is 0 but reg4.pth implies 4").doesNotContain("Exception");
        assertThat(dir.resolve("run")).doesNotExist();
    }
}
