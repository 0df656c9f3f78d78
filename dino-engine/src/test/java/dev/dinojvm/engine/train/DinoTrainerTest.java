package dev.dinojvm.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.ParameterList;
import dev.dinojvm.api.CropLayout;
import dev.dinojvm.api.TeacherUpdateRule;
import dev.dinojvm.api.TrainingProgress;
import dev.dinojvm.engine.config.EngineSettings;
import dev.dinojvm.engine.data.CropBatch;
import dev.dinojvm.engine.util.Seeds;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DinoTrainerTest {

    private static final int BATCH = 3;
    private static final CropLayout LAYOUT = new CropLayout(2, 8, 2, 4);
    private static final Shape GLOBAL_VIEWS = new Shape(2 * BATCH, 3, 8, 8);
    private static final Shape LOCAL_VIEWS = new Shape(2 * BATCH, 3, 4, 4);

    private static TrainingRecipe recipe() {
        return new TrainingRecipe(2, 3, new TrainingRecipe.Optimization(0.01, 1e-4, 1, 0.04, 0.4, 3.0, 1, 0), new EngineSettings.Loss(0.04, 0.04, 0, 0.1, 0.9));
    }

    private static DinoTrainer trainer(NDManager manager, TinyNetworks.RecordingEma rule) {
        Engine.getInstance().setRandomSeed(7);
        DinoNetwork student = TinyNetworks.network(manager);
        DinoNetwork teacher = TinyNetworks.network(manager);
        teacher.copyFrom(student);
        return new DinoTrainer(recipe(), student, teacher, rule, new int[] {2, 4}, manager);
    }

    /** A host batch of uniform crops that libtorch draws from a seed of the iteration. */
    private static CropBatch batch(NDManager manager, long iteration) {
        Engine.getInstance().setRandomSeed((int) iteration + 100);
        try (NDArray global = manager.randomUniform(0, 1, GLOBAL_VIEWS); NDArray local = manager.randomUniform(0, 1, LOCAL_VIEWS)) {
            return new CropBatch(0, (int) iteration, LAYOUT, BATCH, global.toFloatArray(), local.toFloatArray(), new int[BATCH],
                    new int[BATCH]);
        }
    }

    @Test
    void lossUsesTheCenterBeforeThisBatchUpdatesIt() {
        try (NDManager manager = NDManager.newBaseManager();
                DinoTrainer trainer = trainer(manager, new TinyNetworks.RecordingEma())) {
            float[] center = {0.5f, -0.3f, 0.1f, 0.2f, -0.4f};
            TinyNetworks.dinoLoss(trainer).setCenter(center);
            CropBatch batch = batch(manager, 0);
            NDArray global = manager.create(batch.globalViews(), GLOBAL_VIEWS);
            NDArray teacherOut = trainer.teacher().forward(List.of(global), false);
            NDArray studentOut = trainer.student().forward(List.of(global, manager.create(batch.localViews(), LOCAL_VIEWS)), false);
            double expected = ReferenceMath.dinoLoss(rows(studentOut), rows(teacherOut), toDouble(center), 4, 2, 0.1, 0.04);

            DinoTrainer.StepResult result = trainer.step(0, batch, true);

            assertEquals(expected, result.loss(), 1e-4 * expected);
            double[][] teacherRows = rows(teacherOut);
            float[] updated = TinyNetworks.dinoLoss(trainer).center().toFloatArray();
            for (int k = 0; k < center.length; k++) {
                double mean = 0;
                for (double[] row : teacherRows) {
                    mean += row[k] / teacherRows.length;
                }
                assertEquals(0.9 * center[k] + 0.1 * mean, updated[k], 1e-5);
            }
        }
    }

    @Test
    void teacherFollowsTheStudentAfterItsStepAndGetsNoGradient() {
        TinyNetworks.RecordingEma rule = new TinyNetworks.RecordingEma();
        try (NDManager manager = NDManager.newBaseManager(); DinoTrainer trainer = trainer(manager, rule)) {
            float[] studentBefore = TinyNetworks.values(trainer.student().parameters(), 1);
            CropBatch batch = batch(manager, 1);
            trainer.step(1, batch, true); // iteration 0 has learning rate 0 (warm-up from 0)
            float[] studentAfter = TinyNetworks.values(trainer.student().parameters(), 1);
            assertFalse(java.util.Arrays.equals(studentBefore, studentAfter), "the student moved");
            assertArrayEquals(TinyNetworks.values(trainer.student().parameters(), 0), rule.studentSeen.get(0), 0f,
                    "the teacher update saw the student after the optimizer step");
            trainer.teacher().parameters().forEach(p -> assertFalse(p.getValue().getArray().hasGradient(), p.getKey()));
        }
    }

    @Test
    void theTeacherUpdateRunsWithTheLoaderOfItsClassAsContextLoader() throws IOException {
        Set<ClassLoader> seen = new HashSet<>();
        TinyNetworks.RecordingEma ema = new TinyNetworks.RecordingEma();
        TeacherUpdateRule rule = new TeacherUpdateRule() {
            public double momentum(TrainingProgress progress) {
                seen.add(Thread.currentThread().getContextClassLoader());
                return ema.momentum(progress);
            }

            public void update(ParameterList teacher, ParameterList student, TrainingProgress progress) {
                seen.add(Thread.currentThread().getContextClassLoader());
                ema.update(teacher, student, progress);
            }
        };
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        try (URLClassLoader stranger = new URLClassLoader(new URL[0], null);
                NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            DinoNetwork student = TinyNetworks.network(manager);
            DinoNetwork teacher = TinyNetworks.network(manager);
            teacher.copyFrom(student);
            try (DinoTrainer trainer = new DinoTrainer(recipe(), student, teacher, rule, new int[] {2, 4}, manager)) {
                CropBatch batch = batch(manager, 1);
                thread.setContextClassLoader(stranger);
                trainer.step(1, batch, true);
            } finally {
                thread.setContextClassLoader(original);
            }
        }

        assertEquals(Set.of(rule.getClass().getClassLoader()), seen);
        assertEquals(1, ema.studentSeen.size());
    }

    @Test
    void lastLayerStaysFrozenDuringTheFirstEpoch() {
        try (NDManager manager = NDManager.newBaseManager();
                DinoTrainer trainer = trainer(manager, new TinyNetworks.RecordingEma())) {
            int last = trainer.student().parameters().size() - 1;
            assertEquals("head.weight", trainer.student().parameters().keyAt(last));
            float[] before = TinyNetworks.values(trainer.student().parameters(), last);
            for (int i = 0; i < 3; i++) {
                CropBatch batch = batch(manager, i);
                trainer.step(i, batch, true);
            }
            assertArrayEquals(before, TinyNetworks.values(trainer.student().parameters(), last), 0f);
            CropBatch batch = batch(manager, 3);
            trainer.step(3, batch, true);
            assertFalse(java.util.Arrays.equals(before, TinyNetworks.values(trainer.student().parameters(), last)));
        }
    }

    @Test
    void checkpointRestoresAStateThatContinuesIdentically(@TempDir Path dir) throws Exception {
        List<Float> uninterrupted = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
                DinoTrainer trainer = trainer(manager, new TinyNetworks.RecordingEma())) {
            for (int i = 0; i < 6; i++) {
                CropBatch batch = batch(manager, i);
                Engine.getInstance().setRandomSeed(Seeds.iterationSeed(1, i));
                uninterrupted.add(trainer.step(i, batch, true).loss());
            }
        }
        Checkpoints checkpoints = new Checkpoints(dir, 2);
        List<Float> resumed = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
                DinoTrainer trainer = trainer(manager, new TinyNetworks.RecordingEma())) {
            for (int i = 0; i < 4; i++) {
                CropBatch batch = batch(manager, i);
                Engine.getInstance().setRandomSeed(Seeds.iterationSeed(1, i));
                resumed.add(trainer.step(i, batch, true).loss());
                checkpoints.save(i + 1, trainer, Map.of("dino.train.seed", "1"));
            }
        }
        assertEquals(2, checkpoints.list().size(), "only the newest two are kept");
        assertTrue(Files.isDirectory(checkpoints.latest().orElseThrow()));
        try (NDManager manager = NDManager.newBaseManager();
                DinoTrainer trainer = trainer(manager, new TinyNetworks.RecordingEma())) {
            long start = Checkpoints.restore(checkpoints.latest().orElseThrow(), trainer, manager);
            assertEquals(4, start);
            for (long i = start; i < 6; i++) {
                CropBatch batch = batch(manager, i);
                Engine.getInstance().setRandomSeed(Seeds.iterationSeed(1, i));
                resumed.add(trainer.step(i, batch, true).loss());
            }
        }
        assertEquals(uninterrupted, resumed);
    }

    @Test
    void aStepTimerSeesEveryPhaseInOrderAndChangesNoResult() {
        List<Float> plain = new ArrayList<>();
        float[] plainWeights;
        try (NDManager manager = NDManager.newBaseManager();
                DinoTrainer trainer = trainer(manager, new TinyNetworks.RecordingEma())) {
            for (int i = 0; i < 4; i++) {
                CropBatch batch = batch(manager, i);
                Engine.getInstance().setRandomSeed(Seeds.iterationSeed(1, i));
                plain.add(trainer.step(i, batch, true).loss());
            }
            plainWeights = TinyNetworks.values(trainer.student().parameters(), 1);
        }
        List<String> events = new ArrayList<>();
        List<Float> timed = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
                DinoTrainer trainer = trainer(manager, new TinyNetworks.RecordingEma())) {
            trainer.setStepTimer(new StepTimer() {
                public void stepStarted() {
                    events.add("start");
                }

                public void phaseEnded(Phase phase) {
                    events.add(phase.name());
                }
            });
            for (int i = 0; i < 4; i++) {
                CropBatch batch = batch(manager, i);
                Engine.getInstance().setRandomSeed(Seeds.iterationSeed(1, i));
                timed.add(trainer.step(i, batch, true).loss());
            }
            assertEquals(plain, timed);
            assertArrayEquals(plainWeights, TinyNetworks.values(trainer.student().parameters(), 1), 0f);
        }
        assertEquals(List.of("start", "FORWARD", "LOSS", "BACKWARD", "CLIPPING", "OPTIMIZER", "TEACHER_UPDATE", "CENTER"),
                events.subList(0, 8));
        assertEquals(4 * 8, events.size());
    }

    @Test
    void aStepThatDoesNotReadItsLossTrainsIdentically() {
        List<Float> everyStep = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
                DinoTrainer trainer = trainer(manager, new TinyNetworks.RecordingEma())) {
            for (int i = 0; i < 4; i++) {
                CropBatch batch = batch(manager, i);
                Engine.getInstance().setRandomSeed(Seeds.iterationSeed(1, i));
                everyStep.add(trainer.step(i, batch, true).loss());
            }
        }
        try (NDManager manager = NDManager.newBaseManager();
                DinoTrainer trainer = trainer(manager, new TinyNetworks.RecordingEma())) {
            for (int i = 0; i < 4; i++) {
                CropBatch batch = batch(manager, i);
                Engine.getInstance().setRandomSeed(Seeds.iterationSeed(1, i));
                boolean read = i == 3;
                DinoTrainer.StepResult result = trainer.step(i, batch, read);
                assertEquals(read, result.lossRead());
                if (read) {
                    assertEquals(everyStep.get(3), result.loss());
                } else {
                    assertTrue(Float.isNaN(result.loss()), "an unread loss is NaN");
                }
            }
        }
    }

    private static double[][] rows(NDArray array) {
        int n = (int) array.getShape().get(0);
        int k = (int) array.getShape().get(1);
        float[] flat = array.toFloatArray();
        double[][] out = new double[n][k];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < k; c++) {
                out[r][c] = flat[r * k + c];
            }
        }
        return out;
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
