package dev.dinojvm.engine.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.engine.config.ConfigInput;
import dev.dinojvm.engine.config.ConfigLoader;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.fixtures.PluginJars;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.plugin.PluginSource;
import dev.dinojvm.engine.train.Checkpoints;
import dev.dinojvm.engine.train.RunOutcome;
import dev.dinojvm.engine.train.SafetensorsFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The objective extension point end to end: a drop-in plugin jar, compiled here, supplies an objective of its own
 * (one minus the cosine similarity of student and teacher outputs, with a state that counts the teacher rows it was
 * handed back). The engine trains with it, across two replicas and two accumulation steps, logs its term, reduces its
 * statistic over every share, checkpoints its state under its name, and restores it on resume.
 */
class ObjectivePluginTest {

    private static final String PLUGIN = """
            package fixture.objective;

            import ai.djl.ndarray.NDArray;
            import ai.djl.ndarray.NDManager;
            import ai.djl.ndarray.types.Shape;
            import dev.dinojvm.api.*;
            import java.util.List;
            import java.util.Map;

            public class CosinePlugin extends PluginDescriptor {
                public CosinePlugin() {
                    super("cosine-objective", "1.0.0", SpiVersion.CURRENT, new Factory());
                }

                public static class Factory implements ObjectiveFactory {
                    public String name() { return "cosine"; }
                    public String description() { return "One minus the cosine of student and teacher outputs per global view."; }
                    public List<ConfigKey> configKeys() {
                        return List.of(ConfigKey.number("weight", 1.0, "Weight of the term.").within(ValueRange.greaterThan(0)));
                    }
                    public Objective create(ComponentConfig config, ObjectiveSetup setup) {
                        return new Cosine(setup.manager(), config.getDouble("weight").orElseThrow());
                    }
                }

                static class Cosine implements Objective {
                    private final NDManager manager;
                    private final double weight;
                    private NDArray seenRows;

                    Cosine(NDManager parent, double weight) {
                        this.manager = parent.newSubManager();
                        this.weight = weight;
                        this.seenRows = manager.zeros(new Shape(1));
                    }

                    public List<String> termNames() { return List.of("cosine"); }

                    public Map<String, Shape> statistics() { return Map.of("rows", new Shape(1)); }

                    public ObjectiveOutput loss(ObjectiveBatch batch) {
                        NDManager scope = batch.manager();
                        NDArray teacher = batch.teacherOutputs();
                        long rows = teacher.getShape().get(0);
                        NDArray student = batch.studentOutputs().get("0:" + rows);
                        NDArray s = student.div(student.square().sum(new int[] {1}, true).sqrt());
                        NDArray t = teacher.div(teacher.square().sum(new int[] {1}, true).sqrt());
                        NDArray cosine = s.mul(t).sum(new int[] {1}).mean();
                        NDArray term = AutogradOperands.scalar(scope, 1f).sub(cosine).mul(AutogradOperands.scalar(scope, (float) weight));
                        return new ObjectiveOutput(Map.of("cosine", term), Map.of("rows", scope.full(new Shape(1), (float) rows)), Map.of());
                    }

                    public void update(StatisticSums sums) {
                        seenRows.addi(sums.arrays().get("rows"));
                    }

                    public Map<String, NDArray> state() { return Map.of("seen_rows", seenRows); }

                    public void restoreState(Map<String, NDArray> stored) {
                        NDArray restored = manager.full(new Shape(1), stored.get("seen_rows").toFloatArray()[0]);
                        seenRows.close();
                        seenRows = restored;
                    }

                    public void close() { manager.close(); }
                }
            }
            """;

    /** The embedded demo, a one-block ViT and a small head: a run of a few seconds. */
    private static final List<String> TINY = List.of("dino.data.limit=64", "dino.train.batch-size=16", "dino.train.epochs=2",
            "dino.backbone.depth=1", "dino.backbone.embed-dim=32", "dino.head.out-dim=64", "dino.head.hidden-dim=64",
            "dino.head.bottleneck-dim=32", "dino.augmentation.local-crops=2", "dino.data.workers=1", "dino.train.log-every=1",
            "dino.train.checkpoint-every=1", "dino.eval.knn-every=0", "dino.eval.knn-baselines=false",
            "dino.objective.type=cosine", "dino.objective.weight=0.5", "dino.train.devices=2", "dino.train.accumulate-steps=2");

    private static PluginRegistry registry;

    @BeforeAll
    static void plugins(@TempDir Path work) throws IOException {
        Path classes = PluginJars.compile(Map.of("fixture.objective.CosinePlugin", PLUGIN), work.resolve("build"));
        Path jar = PluginJars.jar(classes, "fixture.objective", work.resolve("cosine.jar"), "fixture.objective.CosinePlugin");
        ClassLoader engine = ObjectivePluginTest.class.getClassLoader();
        registry = PluginRegistry.load(List.of(PluginSource.classPath(engine), PluginSource.jar(jar, engine)), true);
    }

    private static DinoSettings settings(Path output, int maxSteps) {
        List<String> set = new ArrayList<>(TINY);
        set.add("dino.train.output=" + output);
        set.add("dino.train.max-steps=" + maxSteps);
        return new ConfigLoader(registry, Map.of()).load(new ConfigInput(null, List.of(), set));
    }

    private static RunOutcome train(DinoSettings settings) {
        return TrainJob.run(settings, registry, false, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), List.of());
    }

    @Test
    void theEngineTrainsWithAnObjectiveFromAPluginJarLogsItsTermAndKeepsItsState(@TempDir Path dir) throws IOException {
        assertThat(registry.find(ComponentKind.OBJECTIVE, "cosine")).isPresent();
        assertThat(registry.find(ComponentKind.OBJECTIVE, "dino")).as("the standard objective, built in").isPresent();
        Path output = dir.resolve("run");

        assertThat(train(settings(output, 2)).iterationsDone()).isEqualTo(2);

        List<JsonObject> steps = iterationLines(output);
        assertThat(steps).hasSize(2);
        for (JsonObject step : steps) {
            JsonObject terms = step.getAsJsonObject("loss_terms");
            assertThat(terms.keySet()).containsExactly("cosine");
            double cosine = terms.get("cosine").getAsDouble();
            assertThat(cosine).as("0.5 · (1 − cosine)").isBetween(0.0, 1.0);
            assertThat(step.get("loss").getAsDouble()).as("the loss is the sum of the terms").isCloseTo(cosine, within(2e-6));
            assertThat(step.has("teacher_entropy")).as("this objective gives no teacher entropy").isFalse();
        }
        // a step is 2 micro-batches of 16 images (each split over 2 replicas), 2 global views each: 64 teacher rows per step,
        // counted in 4 shares and summed back by the engine
        assertThat(seenRows(output)).isEqualTo(2 * 64f);

        assertThat(train(settings(output, 3)).iterationsDone()).as("resumed from the checkpoint after 2 steps").isEqualTo(3);
        assertThat(seenRows(output)).as("the state restored from the checkpoint, then updated once").isEqualTo(3 * 64f);
    }

    private static List<JsonObject> iterationLines(Path output) throws IOException {
        List<JsonObject> lines = new ArrayList<>();
        for (String line : Files.readAllLines(output.resolve("metrics.jsonl"))) {
            JsonObject json = JsonParser.parseString(line).getAsJsonObject();
            if (json.has("loss")) {
                lines.add(json);
            }
        }
        return lines;
    }

    private static float seenRows(Path output) throws IOException {
        Path checkpoint = new Checkpoints(output, 3).latest().orElseThrow();
        try (NDManager manager = NDManager.newBaseManager()) {
            return SafetensorsFiles.read(checkpoint.resolve("loss.safetensors"), manager).get("seen_rows").toFloatArray()[0];
        }
    }
}
