package dev.dinojvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example third-party plugin (examples/tiny-cnn-plugin), built with Maven and dropped into a
 * plugins directory: listed, described, validated and trained with, its bundled Gson 2.10.1 living
 * beside the engine's own Gson in the same process.
 */
class DropInPluginTest {

    @TempDir
    static Path work;

    static Path pluginsDir;

    @BeforeAll
    static void buildAndDropInTheExamplePlugin() throws Exception {
        Path jar = ExamplePlugin.build(work);
        pluginsDir = Files.createDirectories(work.resolve("plugins"));
        Files.copy(jar, pluginsDir.resolve(jar.getFileName()));
    }

    @Test
    void listShowsTheDropInJarBesideTheBuiltInPlugins() throws Exception {
        DinoProcess.Result result = DinoProcess.run(work, "plugins", "list", "--plugins-dir", pluginsDir.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        String jarPath = pluginsDir.resolve(ExamplePlugin.JAR).toAbsolutePath().toString();
        assertThat(result.output().lines().filter(line -> line.startsWith("tiny-cnn ")))
                .singleElement().satisfies(line -> assertThat(line).contains("backbone", "1.0.0", jarPath));
        assertThat(result.output().lines().filter(line -> line.startsWith("vit ")))
                .singleElement().satisfies(line -> assertThat(line).contains("dino-plugin-vit").doesNotContain(jarPath));
        assertThat(result.output()).doesNotContain("Skipped");
    }

    @Test
    void describeShowsItsSettingsAndTheGsonItRunsWith() throws Exception {
        DinoProcess.Result result = DinoProcess.run(work, "plugins", "describe", "tiny-cnn", "--plugins-dir", pluginsDir.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("tiny-cnn (backbone)", "Select it with dino.backbone.type=tiny-cnn",
                "from " + pluginsDir.resolve(ExamplePlugin.JAR).toAbsolutePath());
        assertThat(result.output()).containsPattern("dino\\.backbone\\.channels\\s+string\\s+\\[16,32\\]\\s+Output channels");
        assertThat(result.output()).containsPattern("dino\\.backbone\\.out-dim\\s+integer\\s+64\\s+Feature dimension");
        // Child-first: the plugin sees the Gson it bundles, not the engine's.
        assertThat(result.output()).contains("read with Gson " + ExamplePlugin.BUNDLED_GSON + ".");
        assertThat(ExamplePlugin.engineGsonVersions()).isNotEmpty().doesNotContain(ExamplePlugin.BUNDLED_GSON);
    }

    @Test
    void itsOwnValidationIsReportedLikeTheEngines() throws Exception {
        DinoProcess.Result result = DinoProcess.run(work, "config", "show", "--plugins-dir", pluginsDir.toString(),
                "--set", "dino.backbone.type=tiny-cnn", "--set", "dino.backbone.channels=[16,-1]", "--set", "dino.backbone.widht=3");

        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains(
                "dino.backbone.channels: expected a JSON array of positive integers such as [16,32], got '[16,-1]'");
        assertThat(result.output()).contains("dino.backbone.widht");
        assertThat(result.output()).doesNotContain("Exception");
    }

    @Test
    void anExplicitPluginsDirectoryMustExist() throws Exception {
        DinoProcess.Result result = DinoProcess.run(work, "plugins", "list", "--plugins-dir", work.resolve("nowhere").toString());

        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains("error:").contains("nowhere is not a directory");
    }

    /** The default ./plugins directory of the working directory; both Gsons at work in one run. */
    @Test
    void trainsWithTheDropInBackboneFromTheDefaultPluginsDirectory() throws Exception {
        Path runDir = Files.createDirectories(work.resolve("run-dir"));
        Files.createDirectories(runDir.resolve("plugins"));
        Files.copy(pluginsDir.resolve(ExamplePlugin.JAR), runDir.resolve("plugins").resolve(ExamplePlugin.JAR));
        Path data = TrainingData.shapes(runDir.resolve("data"), 24);
        Path output = runDir.resolve("out");

        DinoProcess.Result result = DinoProcess.run(runDir, "train", "--data", data.toString(), "--output", output.toString(),
                "--batch-size", "8", "--max-steps", "3", "--set", "dino.backbone.type=tiny-cnn",
                "--set", "dino.backbone.channels=[8,16]", "--set", "dino.backbone.out-dim=32", "--set", "dino.backbone.image-size=16",
                "--set", "dino.augmentation.global-size=16", "--set", "dino.augmentation.local-size=8",
                "--set", "dino.augmentation.local-crops=2", "--set", "dino.head.out-dim=256",
                "--set", "dino.head.hidden-dim=64", "--set", "dino.head.bottleneck-dim=32",
                "--set", "dino.optimizer.warmup-epochs=1", "--set", "dino.data.workers=1");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("tiny-cnn: channels [8, 16] read with Gson " + ExamplePlugin.BUNDLED_GSON);
        assertThat(result.output()).doesNotContain("Exception");
        List<JsonObject> metrics = Metrics.read(output);
        assertThat(metrics).hasSize(3);
        assertThat(metrics).allSatisfy(m -> assertThat(Double.isFinite(m.get("loss").getAsDouble())).isTrue());
        // The engine's own Gson (another version) wrote the checkpoint state in the same process.
        Path checkpoint;
        try (Stream<Path> checkpoints = Files.list(output.resolve("checkpoints"))) {
            checkpoint = checkpoints.sorted().reduce((a, b) -> b).orElseThrow();
        }
        JsonObject state = JsonParser.parseString(Files.readString(checkpoint.resolve("state.json"))).getAsJsonObject();
        assertThat(state.get("iteration").getAsLong()).isEqualTo(3);
        assertThat(Files.readString(checkpoint.resolve("config.properties"))).contains("dino.backbone.type=tiny-cnn");
        assertThat(Files.size(output.resolve("backbone.safetensors"))).isPositive();
    }

    /** A backbone without an ONNX mapping: one line naming it, exit 2, no file. */
    @Test
    void exportingTheDropInBackboneToOnnxIsRefusedNamingIt() throws Exception {
        Path runDir = Files.createDirectories(work.resolve("export-dir"));
        Path data = TrainingData.shapes(runDir.resolve("data"), 16);
        Path output = runDir.resolve("out");
        DinoProcess.Result trained = DinoProcess.run(runDir, "train", "--data", data.toString(), "--output", output.toString(),
                "--plugins-dir", pluginsDir.toString(), "--batch-size", "8", "--max-steps", "1",
                "--set", "dino.backbone.type=tiny-cnn", "--set", "dino.backbone.channels=[8,16]", "--set", "dino.backbone.out-dim=32",
                "--set", "dino.backbone.image-size=16", "--set", "dino.augmentation.global-size=16",
                "--set", "dino.augmentation.local-size=8", "--set", "dino.augmentation.local-crops=2", "--set", "dino.head.out-dim=256",
                "--set", "dino.head.hidden-dim=64", "--set", "dino.head.bottleneck-dim=32",
                "--set", "dino.optimizer.warmup-epochs=1", "--set", "dino.data.workers=1");
        assertThat(trained.exitCode()).as(trained.output()).isZero();
        Path onnx = runDir.resolve("model.onnx");

        DinoProcess.Result result = DinoProcess.run(runDir, "export", "--checkpoint", output.toString(), "--plugins-dir",
                pluginsDir.toString(), "--format", "onnx", "--output", onnx.toString());

        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output().lines().filter(l -> l.startsWith("error:")))
                .singleElement().satisfies(line -> assertThat(line).contains("'tiny-cnn'", "only the built-in ViT (backbone 'vit') is exportable"));
        assertThat(result.output()).doesNotContain("\tat ");
        assertThat(onnx).doesNotExist();
        try (Stream<Path> files = Files.list(runDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains("onnx"));
        }
    }
}
