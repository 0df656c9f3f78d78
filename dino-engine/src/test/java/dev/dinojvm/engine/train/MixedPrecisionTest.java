package dev.dinojvm.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.dinojvm.engine.config.Precision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fp16 training with fp32 master weights and dynamic loss scaling, checked against fp32 on the CPU. */
class MixedPrecisionTest {

    private static final int IMAGES = 6;

    private static DinoTrainer fp16(NDManager manager) {
        return ReplicaFixtures.trainer(manager, 1, 1, Precision.FP16);
    }

    private static List<Float> steps(DinoTrainer trainer, long from, long to) {
        List<Float> losses = new ArrayList<>();
        for (long i = from; i < to; i++) {
            losses.add(trainer.step(i, ReplicaFixtures.batch(i, IMAGES), true).loss());
        }
        return losses;
    }

    private static float[] values(DinoNetwork network, int index) {
        return TinyNetworks.values(network.parameters(), index);
    }

    @Test
    void followsTheFp32RunWithinFp16Rounding() {
        List<Float> reference;
        float[] referenceWeights;
        float[] referenceVariance;
        try (NDManager manager = NDManager.newBaseManager(); DinoTrainer trainer = ReplicaFixtures.trainer(manager, 1, 1, Precision.FP32)) {
            reference = steps(trainer, 0, 12);
            referenceWeights = values(trainer.student(), 1);
            referenceVariance = trainer.optimizer().state().values().iterator().next().variance.toFloatArray();
        }
        try (NDManager manager = NDManager.newBaseManager(); DinoTrainer trainer = fp16(manager)) {
            // At 2^16 the tiny network's first gradients overflow fp16 and those steps are skipped, which
            // changes the trajectory; at 2^10 none overflows and the arithmetic alone is compared.
            trainer.restoreLossScaler(new LossScaler(1024, 0, 0));
            List<Float> losses = steps(trainer, 0, 12);
            for (int i = 0; i < losses.size(); i++) {
                assertEquals(reference.get(i), losses.get(i), 0.02, "loss of iteration " + i);
            }
            assertArrayEquals(referenceWeights, values(trainer.student(), 1), 0.02f);
            // Gradients are unscaled before clipping and AdamW: scaled ones (x 1024) would give a second
            // moment 2^20 times larger.
            float[] variance = trainer.optimizer().state().values().iterator().next().variance.toFloatArray();
            for (int i = 0; i < variance.length; i++) {
                assertEquals(referenceVariance[i], variance[i], 0.05 * Math.abs(referenceVariance[i]) + 1e-7, "second moment " + i);
            }
            assertThat(trainer.lossScaler().skippedSteps()).isZero();
        }
    }

    @Test
    void theFp16CopiesAreTheMastersRoundedAfterEveryStep() {
        List<DinoNetwork> copies = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(); DinoTrainer trainer = ReplicaFixtures.trainer(manager, 1, 1, Precision.FP16, copies)) {
            steps(trainer, 0, 7); // past the last layer's unfreezing
            assertThat(trainer.student().parameters().valueAt(0).getArray().getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(trainer.teacher().parameters().valueAt(0).getArray().getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(copies).as("the replica's own student and teacher").hasSize(2);
            for (boolean teacher : new boolean[] {false, true}) {
                DinoNetwork master = teacher ? trainer.teacher() : trainer.student();
                DinoNetwork copy = copies.get(teacher ? 1 : 0);
                for (int i = 0; i < master.parameters().size(); i++) {
                    var m = master.parameters().valueAt(i).getArray();
                    var c = copy.parameters().valueAt(i).getArray();
                    assertThat(c.getDataType()).isEqualTo(DataType.FLOAT16);
                    assertArrayEquals(m.toType(DataType.FLOAT16, true).toType(DataType.FLOAT32, true).toFloatArray(),
                            c.toType(DataType.FLOAT32, true).toFloatArray(), 0f);
                }
            }
        }
    }

    @Test
    void anOverflowSkipsTheOptimizerButNotTheTeacherAndCenter() {
        try (NDManager manager = NDManager.newBaseManager(); DinoTrainer trainer = fp16(manager)) {
            steps(trainer, 0, 6);
            float[] student = values(trainer.student(), 1);
            float[] teacher = values(trainer.teacher(), 1);
            float[] center = TinyNetworks.dinoLoss(trainer).center().toFloatArray();
            Map<String, float[]> moments = new java.util.HashMap<>();
            trainer.optimizer().state().forEach((name, m) -> moments.put(name, m.mean.toFloatArray()));
            // A scale so large that fp16 gradients overflow to infinity.
            trainer.restoreLossScaler(new LossScaler(1e30, 5, 0));

            DinoTrainer.StepResult result = trainer.step(6, ReplicaFixtures.batch(6, IMAGES), true);

            assertThat(result.skippedSteps()).isEqualTo(1);
            assertThat(result.lossScale()).isEqualTo(5e29);
            assertThat(Float.isFinite(result.loss())).isTrue();
            assertArrayEquals(student, values(trainer.student(), 1), 0f, "the masters did not move");
            trainer.optimizer().state().forEach((name, m) -> assertArrayEquals(moments.get(name), m.mean.toFloatArray(), 0f, name));
            assertThat(values(trainer.teacher(), 1)).isNotEqualTo(teacher);
            assertThat(TinyNetworks.dinoLoss(trainer).center().toFloatArray()).isNotEqualTo(center);
            // The next step's gradients are clean: the overflowed ones were cleared, not carried over.
            trainer.restoreLossScaler(new LossScaler(1024, 0, 1));
            DinoTrainer.StepResult next = trainer.step(7, ReplicaFixtures.batch(7, IMAGES), true);
            assertThat(next.skippedSteps()).isEqualTo(1);
            assertThat(values(trainer.student(), 1)).isNotEqualTo(student);
        }
    }

    @Test
    void gradientsThatOverflowAtAnyScaleStopTheRunWithAClearMessage() {
        try (NDManager manager = NDManager.newBaseManager(); DinoTrainer trainer = fp16(manager)) {
            trainer.restoreLossScaler(new LossScaler(8, 0, 0));
            org.assertj.core.api.Assertions.assertThatCode(() -> {
                for (int i = 0; i < 10; i++) {
                    // Crops beyond fp16's range: every gradient is non-finite whatever the scale. The loss is
                    // not read (as on a GPU between log steps), so only the scaler can notice.
                    var batch = ReplicaFixtures.batch(i, IMAGES);
                    java.util.Arrays.fill(batch.globalViews(), 1e6f);
                    trainer.step(i, batch, false);
                }
            }).isInstanceOf(NonFiniteLossException.class).hasMessageContaining("loss scale fell below 1")
                    .hasMessageContaining("dino.train.precision=fp32");
            assertThat(trainer.lossScaler().skippedSteps()).isEqualTo(4); // 8 -> 4 -> 2 -> 1 -> 0.5
        }
    }

    @Test
    void anFp16RunResumesIdenticallyAndMayResumeInFp32(@TempDir Path dir) throws Exception {
        List<Float> uninterrupted;
        try (NDManager manager = NDManager.newBaseManager(); DinoTrainer trainer = fp16(manager)) {
            uninterrupted = steps(trainer, 0, 10);
        }
        Checkpoints checkpoints = new Checkpoints(dir, 1);
        List<Float> resumed;
        double scale;
        try (NDManager manager = NDManager.newBaseManager(); DinoTrainer trainer = fp16(manager)) {
            resumed = steps(trainer, 0, 6);
            assertThat(trainer.lossScaler().skippedSteps()).as("this run overflows early, so the scale matters").isPositive();
            scale = trainer.lossScaler().scale();
            checkpoints.save(6, trainer, Map.of());
        }
        try (NDManager manager = NDManager.newBaseManager(); DinoTrainer trainer = fp16(manager)) {
            assertEquals(6, Checkpoints.restore(checkpoints.latest().orElseThrow(), trainer, manager));
            assertThat(trainer.lossScaler().scale()).isEqualTo(scale);
            resumed.addAll(steps(trainer, 6, 10));
        }
        assertEquals(uninterrupted, resumed);
        try (NDManager manager = NDManager.newBaseManager(); DinoTrainer trainer = ReplicaFixtures.trainer(manager, 1, 1, Precision.FP32)) {
            Checkpoints.restore(checkpoints.latest().orElseThrow(), trainer, manager);
            List<Float> inFp32 = steps(trainer, 6, 10);
            for (int i = 0; i < inFp32.size(); i++) {
                assertEquals(uninterrupted.get(6 + i), inFp32.get(i), 0.1, "fp32 continuation of iteration " + (6 + i));
            }
        }
    }
}
