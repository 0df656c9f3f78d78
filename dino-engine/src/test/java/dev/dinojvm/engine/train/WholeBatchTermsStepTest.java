package dev.dinojvm.engine.train;

import dev.dinojvm.plugins.objective.KoLeoLoss;
import dev.dinojvm.plugins.objective.SinkhornKnopp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.dinojvm.api.CropLayout;
import dev.dinojvm.engine.config.EngineSettings;
import dev.dinojvm.engine.config.Precision;
import dev.dinojvm.engine.data.CropBatch;
import dev.dinojvm.engine.parallel.ProcessGroup;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The step with DINOv2's whole-batch terms: its loss is the DINO term with Sinkhorn-Knopp targets
 * (checked against DINOv2 in {@code Dinov2LossesTest}) and KoLeo on the student's features of each
 * global crop, here computed from the networks' outputs independently of the step.
 */
class WholeBatchTermsStepTest {

    private static final int BATCH = 4;
    private static final CropLayout LAYOUT = new CropLayout(2, 8, 2, 4);
    private static final Shape GLOBAL_VIEWS = new Shape(2 * BATCH, 3, 8, 8);
    private static final Shape LOCAL_VIEWS = new Shape(2 * BATCH, 3, 4, 4);

    private static DinoTrainer trainer(NDManager manager, EngineSettings.Centering centering, double koleo) {
        Engine.getInstance().setRandomSeed(7);
        DinoNetwork student = TinyNetworks.network(manager);
        DinoNetwork teacher = TinyNetworks.network(manager);
        teacher.copyFrom(student);
        TrainingRecipe recipe = new TrainingRecipe(2, 3, new TrainingRecipe.Optimization(0.01, 1e-4, 1, 0.04, 0.4, 3.0, 1, 0),
                new EngineSettings.Loss(0.04, 0.04, 0, 0.1, 0.9, centering, koleo));
        return new DinoTrainer(recipe, student, teacher, new TinyNetworks.RecordingEma(), new int[] {2, 4}, manager);
    }

    private static CropBatch batch(NDManager manager) {
        Engine.getInstance().setRandomSeed(100);
        try (NDArray global = manager.randomUniform(0, 1, GLOBAL_VIEWS); NDArray local = manager.randomUniform(0, 1, LOCAL_VIEWS)) {
            return new CropBatch(0, 0, LAYOUT, BATCH, global.toFloatArray(), local.toFloatArray(), new int[BATCH], new int[BATCH]);
        }
    }

    @Test
    void sinkhornKnoppStepLossIsTheDinoTermOnSinkhornTargets() {
        try (NDManager manager = NDManager.newBaseManager();
                DinoTrainer trainer = trainer(manager, EngineSettings.Centering.SINKHORN_KNOPP, 0)) {
            CropBatch batch = batch(manager);
            NDArray global = manager.create(batch.globalViews(), GLOBAL_VIEWS);
            NDArray teacherOut = trainer.teacher().forward(List.of(global), false);
            NDArray studentOut = trainer.student().forward(List.of(global, manager.create(batch.localViews(), LOCAL_VIEWS)), false);
            NDArray targets = SinkhornKnopp.assign(teacherOut, 0.04, 3, 2 * BATCH, ProcessGroup.SINGLE);
            float expected = TinyNetworks.dinoLoss(trainer).computeFromTargets(studentOut, targets).getFloat();
            float withCenter = TinyNetworks.dinoLoss(trainer).compute(studentOut, teacherOut, 0.04).getFloat();

            DinoTrainer.StepResult result = trainer.step(0, batch, true);

            assertEquals(expected, result.loss(), 1e-5 * Math.abs(expected));
            assertEquals(false, Math.abs(withCenter - expected) < 1e-4, "the targets differ from the centred softmax's");
        }
    }

    @Test
    void koleoAddsItsWeightedTermOverEachGlobalCrop() {
        try (NDManager manager = NDManager.newBaseManager();
                DinoTrainer trainer = trainer(manager, EngineSettings.Centering.CENTER, 0.1)) {
            CropBatch batch = batch(manager);
            NDArray global = manager.create(batch.globalViews(), GLOBAL_VIEWS);
            NDArray teacherOut = trainer.teacher().forward(List.of(global), false);
            NDArray studentOut = trainer.student().forward(List.of(global, manager.create(batch.localViews(), LOCAL_VIEWS)), false);
            float dino = TinyNetworks.dinoLoss(trainer).compute(studentOut, teacherOut, 0.04).getFloat();
            float[] features = trainer.student().features(global).toFloatArray();
            int dim = features.length / (2 * BATCH);
            double koleo = 0;
            for (int view = 0; view < 2; view++) {
                koleo += koleo(features, view * BATCH, BATCH, dim);
            }

            DinoTrainer.StepResult result = trainer.step(0, batch, true);

            assertEquals(dino + 0.1 * koleo, result.loss(), 1e-5 * Math.abs(dino));
            assertEquals(false, Math.abs(0.1 * koleo) < 1e-4, "the KoLeo term shows");
        }
    }

    @Test
    void theTrainerRefusesThemWithAccumulation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DinoNetwork student = TinyNetworks.network(manager);
            DinoNetwork teacher = TinyNetworks.network(manager);
            TrainingRecipe recipe = new TrainingRecipe(2, 3, new TrainingRecipe.Optimization(0.01, 1e-4, 1, 0.04, 0.4, 3.0, 1, 0),
                    new EngineSettings.Loss(0.04, 0.04, 0, 0.1, 0.9, EngineSettings.Centering.SINKHORN_KNOPP, 0));
            assertThrows(IllegalArgumentException.class, () -> new DinoTrainer(recipe, student, teacher, new TinyNetworks.RecordingEma(),
                    new int[] {2, 4}, manager, new DinoTrainer.Parallelism(Precision.FP32, List.of(Device.cpu()), 2, ProcessGroup.SINGLE,
                            null)));
        }
    }

    /** DINOv2's KoLeoLoss in plain Java: −mean log(‖x_i − x_nn(i) + 1e-8‖ + 1e-8) on L2-normalised rows. */
    private static double koleo(float[] features, int from, int count, int dim) {
        double[][] x = new double[count][dim];
        for (int i = 0; i < count; i++) {
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                norm += Math.pow(features[(from + i) * dim + d], 2);
            }
            norm = Math.max(Math.sqrt(norm), 1e-8);
            for (int d = 0; d < dim; d++) {
                x[i][d] = features[(from + i) * dim + d] / norm;
            }
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            int nearest = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < count; j++) {
                double dot = 0;
                for (int d = 0; d < dim; d++) {
                    dot += x[i][d] * x[j][d];
                }
                if (j != i && dot > best) {
                    best = dot;
                    nearest = j;
                }
            }
            double distance = 0;
            for (int d = 0; d < dim; d++) {
                distance += Math.pow(x[i][d] - x[nearest][d] + 1e-8, 2);
            }
            sum += Math.log(Math.sqrt(distance) + 1e-8);
        }
        return -sum / count;
    }
}
