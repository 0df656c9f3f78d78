package dev.dinojvm.engine.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.ConfigInput;
import dev.dinojvm.engine.config.ConfigLoader;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.plugin.PluginSource;
import dev.dinojvm.engine.train.Checkpoints;
import dev.dinojvm.engine.train.SafetensorsFiles;
import dev.dinojvm.engine.train.RunOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which settings may change when a run resumes is declared with each key ({@code ConfigKey.resumable}),
 * the engine's and the plugins': the keys are taken from the declarations, so a new key is covered here
 * without being listed.
 */
class ResumeSettingsTest {

    /** A run of a few seconds: the embedded demo with 64 images, a one-block ViT and a small head. */
    private static final List<String> TINY = List.of("dino.data.limit=64", "dino.train.batch-size=16", "dino.train.epochs=2",
            "dino.backbone.depth=1", "dino.backbone.embed-dim=32", "dino.head.out-dim=64", "dino.head.hidden-dim=64",
            "dino.head.bottleneck-dim=32", "dino.augmentation.local-crops=2", "dino.data.workers=1", "dino.train.log-every=1",
            "dino.train.checkpoint-every=1", "dino.eval.knn-every=0", "dino.eval.knn-baselines=false", "dino.train.max-steps=2");

    private static PluginRegistry registry;

    @BeforeAll
    static void plugins() {
        registry = PluginRegistry.load(List.of(PluginSource.classPath(ResumeSettingsTest.class.getClassLoader())), false);
    }

    private static DinoSettings settings(Path output, Map<String, String> changes) {
        Map<String, String> assignments = new TreeMap<>();
        TINY.forEach(assignment -> assignments.put(assignment.substring(0, assignment.indexOf('=')),
                assignment.substring(assignment.indexOf('=') + 1)));
        assignments.put("dino.train.output", output.toString());
        assignments.putAll(changes);
        List<String> set = new ArrayList<>();
        assignments.forEach((key, value) -> set.add(key + "=" + value));
        return new ConfigLoader(registry, Map.of()).load(new ConfigInput(null, List.of(), set));
    }

    /**
     * Another valid value for every key that may change on resume, one the tiny run trains with. A key
     * declared resumable and missing here fails {@link #aRunResumesWithEveryResumableKeyChanged}.
     */
    private static Map<String, String> changedValues(Path output, Path pluginsDir) {
        Map<String, String> changed = new HashMap<>();
        changed.put("dino.train.output", output.toString()); // the run directory, moved
        changed.put("dino.train.max-steps", "3");
        changed.put("dino.train.device", "cpu");
        changed.put("dino.train.devices", "2");
        changed.put("dino.train.precision", "tf32");
        changed.put("dino.train.checkpoint-every", "5");
        changed.put("dino.train.keep-checkpoints", "2");
        changed.put("dino.train.log-every", "2");
        changed.put("dino.data.workers", "2");
        changed.put("dino.plugins.dir", pluginsDir.toString());
        changed.put("dino.eval.knn-every", "1");
        changed.put("dino.eval.knn-k", "5");
        changed.put("dino.eval.knn-temperature", "0.1");
        changed.put("dino.eval.knn-train-limit", "64");
        changed.put("dino.eval.knn-test-limit", "32");
        changed.put("dino.eval.knn-baselines", "true");
        changed.put("dino.report.channels", "0");
        changed.put("dino.distributed.world-size", "1");
        changed.put("dino.distributed.rank", "0");
        changed.put("dino.distributed.local-rank", "0");
        changed.put("dino.distributed.master-addr", "127.0.0.1");
        changed.put("dino.distributed.master-port", "29555");
        changed.put("dino.distributed.timeout", "30");
        changed.put("dino.distributed.listen-address", "127.0.0.1");
        return changed;
    }

    private static RunOutcome train(DinoSettings settings, boolean resume, ByteArrayOutputStream out) {
        return TrainJob.run(settings, registry, resume, new PrintStream(out, true, StandardCharsets.UTF_8), List.of());
    }

    @Test
    void aRunResumesWithEveryResumableKeyChanged(@TempDir Path dir) throws IOException {
        Path first = dir.resolve("first");
        DinoSettings before = settings(first, Map.of());
        assertThat(train(before, false, new ByteArrayOutputStream()).iterationsDone()).isEqualTo(2);

        Path moved = dir.resolve("moved");
        copy(first, moved);
        Path pluginsDir = Files.createDirectories(dir.resolve("plugins"));
        Map<String, String> changes = changedValues(moved, pluginsDir);
        DinoSettings after = settings(moved, changes);
        assertThat(changes.keySet()).as("a changed value for each key declared resumable").isEqualTo(after.resumableKeys());
        changes.forEach((key, value) -> assertThat(after.asProperties().get(key)).as(key).isNotEqualTo(before.asProperties().get(key)));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunOutcome outcome = train(after, true, out);

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Resuming from " + moved.resolve("checkpoints"));
        assertThat(outcome.kind()).isEqualTo(RunOutcome.Kind.COMPLETED);
        assertThat(outcome.iterationsDone()).isEqualTo(3);
    }

    @Test
    void aResumeWithAnotherValueOfAKeyThatChangesTrainingIsRefusedNamingIt(@TempDir Path dir) {
        Path output = dir.resolve("run");
        assertThat(train(settings(output, Map.of()), false, new ByteArrayOutputStream()).iterationsDone()).isEqualTo(2);

        assertThatThrownBy(() -> train(settings(output, Map.of("dino.optimizer.lr", "0.001", "dino.train.max-steps", "3")), true,
                new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(problem -> {
                            assertThat(problem.key()).isEqualTo("dino.optimizer.lr");
                            assertThat(problem.message()).contains("is 0.001 but the checkpoint", "was trained with 0.004");
                        }));
    }

    @Test
    void theInputChannelsAreRecordedAndAResumeWithAnotherCountIsRefusedNamingBoth(@TempDir Path dir) throws IOException {
        Path output = dir.resolve("run");
        assertThat(train(settings(output, Map.of()), false, new ByteArrayOutputStream()).iterationsDone()).isEqualTo(2);
        Path checkpoint = new Checkpoints(output, 3).latest().orElseThrow();
        assertThat(Checkpoints.config(checkpoint)).containsEntry("dino.backbone.in-chans", "3");
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThat(SafetensorsFiles.read(output.resolve("backbone.safetensors"), manager).get("patch_embed.proj.weight")
                    .getShape().get(1)).as("the exported backbone's patch embedding takes 3 channels").isEqualTo(3);
        }

        assertThatThrownBy(() -> train(settings(output, Map.of("dino.backbone.in-chans", "4", "dino.train.max-steps", "3")), true,
                new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(problem -> {
                            assertThat(problem.key()).isEqualTo("dino.backbone.in-chans");
                            assertThat(problem.message()).contains("4", "3 channels");
                        }));
    }

    @Test
    void everyKeyNotDeclaredResumableIsCheckedOnResume(@TempDir Path dir) {
        DinoSettings settings = settings(dir, Map.of());
        Map<String, String> stored = settings.asProperties();
        assertThat(settings.resumableKeys()).contains("dino.train.max-steps").doesNotContain("dino.optimizer.lr");
        List<String> checked = new ArrayList<>();
        for (String key : stored.keySet()) {
            Map<String, String> current = new TreeMap<>(stored);
            current.put(key, stored.get(key) + "0");
            if (settings.resumableKeys().contains(key)) {
                TrainJob.checkConsistent(stored, current, settings.resumableKeys(), dir);
                continue;
            }
            assertThatThrownBy(() -> TrainJob.checkConsistent(stored, current, settings.resumableKeys(), dir))
                    .isInstanceOfSatisfying(ConfigException.class,
                            e -> assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly(key));
            checked.add(key);
        }
        assertThat(checked).as("the plugins' keys are checked too").contains("dino.backbone.depth", "dino.head.out-dim",
                "dino.augmentation.local-crops", "dino.teacher.momentum", "dino.optimizer.lr");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().equals(".lock")) {
                    Files.copy(file, target);
                }
            }
        }
    }
}
