package dev.dinojvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training with k-NN evaluation, then {@code dino eval knn} and {@code dino export} on the run, on
 * generated labelled images (a train folder with a test/ subfolder, both with class subfolders).
 */
class EvalEndToEndTest {

    @TempDir
    static Path dir;

    private static Path data;
    private static Path run;

    @BeforeAll
    static void train() throws Exception {
        data = TrainingData.shapes(dir.resolve("data"), 24);
        TrainingData.shapes(data.resolve("test"), 10);
        run = dir.resolve("run");
        DinoProcess.Result result = DinoProcess.run(dir, TrainingData.tinyModel(data, run, "--epochs", "2",
                "--set", "dino.eval.knn-every=1", "--set", "dino.eval.knn-k=5"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("k-NN after epoch 1: top-1");
    }

    @Test
    void trainingLogsAKnnLineAtTheEndOfEachEpoch() throws Exception {
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        List<String> knn = lines.stream().filter(l -> l.contains("knn_top1")).toList();
        // 24 images, batch 8: 3 iterations an epoch; the lines carry each epoch's last iteration
        assertThat(knn).hasSize(2);
        assertThat(knn.get(0)).matches("\\{\"iteration\":2,\"epoch\":0,\"knn_top1\":\\d+\\.\\d{4},\"knn_top5\":100\\.0000\\}");
        assertThat(knn.get(1)).startsWith("{\"iteration\":5,\"epoch\":1,\"knn_top1\":");
        assertThat(lines.stream().filter(l -> l.contains("\"loss\"")).count()).isEqualTo(6);
    }

    @Test
    void evalKnnEndsWithTheTopOneLineAndWritesJson() throws Exception {
        DinoProcess.Result result = DinoProcess.run(dir, "eval", "knn", "--checkpoint", run.toString(),
                "--train", data.toString(), "--test", data.toString(), "--k", "5");

        assertThat(result.exitCode()).as(result.output()).isZero();
        List<String> lines = result.output().lines().toList();
        assertThat(lines.get(lines.size() - 1)).matches("knn_top1=\\d{1,3}\\.\\d{2}");
        JsonObject json = JsonParser.parseString(Files.readString(run.resolve("knn.json"))).getAsJsonObject();
        assertThat(json.get("k").getAsInt()).isEqualTo(5);
        assertThat(json.get("temperature").getAsDouble()).isEqualTo(0.07);
        assertThat(json.get("train_size").getAsInt()).isEqualTo(24);
        assertThat(json.get("test_size").getAsInt()).isEqualTo(10);
        assertThat(json.get("top5").getAsDouble()).isEqualTo(100.0); // two classes
        assertThat(String.format(java.util.Locale.ROOT, "knn_top1=%.2f", json.get("top1").getAsDouble()))
                .isEqualTo(lines.get(lines.size() - 1));
    }

    @Test
    void exportWritesTheTeachersBackboneWithOfficialNames() throws Exception {
        Path exported = dir.resolve("exported.safetensors");
        DinoProcess.Result result = DinoProcess.run(dir, "export", "--checkpoint", run.toString(), "--output", exported.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        Map<String, TensorFiles.Tensor> tensors = TensorFiles.readSafetensors(exported);
        Map<String, TensorFiles.Tensor> teacher = TensorFiles.readSafetensors(run.resolve("checkpoints/ckpt-000000006/teacher.safetensors"));
        List<String> backboneNames = teacher.keySet().stream().filter(n -> n.startsWith("backbone.")).map(n -> n.substring(9)).toList();
        assertThat(tensors.keySet()).containsExactlyInAnyOrderElementsOf(backboneNames).contains("cls_token", "norm.weight");
        for (String name : backboneNames) {
            assertThat(tensors.get(name).shape()).as(name).containsExactly(teacher.get("backbone." + name).shape());
            assertThat(tensors.get(name).values()).as(name).containsExactly(teacher.get("backbone." + name).values());
        }
    }

    @Test
    void aMissingCheckpointIsOneErrorLine() throws Exception {
        DinoProcess.Result result = DinoProcess.run(dir, "eval", "knn", "--checkpoint", dir.resolve("nowhere").toString(),
                "--train", data.toString(), "--test", data.toString());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).containsPattern("(?m)^error: checkpoint not found: .*nowhere");
        assertThat(result.output()).doesNotContain("Exception");
    }

    @Test
    void unlabeledDataIsOneErrorLine() throws Exception {
        Path flat = Files.createDirectories(dir.resolve("flat"));
        Files.copy(data.resolve("circles/img-000.png"), flat.resolve("a.png"));
        Files.createDirectories(flat.resolve("test"));
        Files.copy(data.resolve("circles/img-000.png"), flat.resolve("test/b.png"));

        DinoProcess.Result result = DinoProcess.run(dir, "eval", "knn", "--checkpoint", run.toString(),
                "--train", flat.toString(), "--test", data.toString(), "--k", "1");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).containsPattern("(?m)^error: --train .*flat \\(train split\\) has no labels");
        assertThat(result.output()).doesNotContain("Exception");
    }
}
