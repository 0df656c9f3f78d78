package dev.dinojvm.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.ParameterList;
import dev.dinojvm.engine.config.Precision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data parallelism and gradient accumulation change how a batch is computed, never what is learned:
 * losses, weights and the optimizer's moments (what the gradients that reached it left behind) equal
 * those of one replica on the whole batch.
 */
class DataParallelTest {

    private static final int ITERATIONS = 20;
    private static final float TOLERANCE = 1e-5f;

    /** Losses, and every master weight, teacher weight and optimizer moment at the end. */
    private record Trace(List<Float> losses, List<float[]> state) {}

    private static Trace train(int replicas, int microBatches, int images, long from, long to, DinoTrainer trainer) {
        List<Float> losses = new ArrayList<>();
        for (long i = from; i < to; i++) {
            losses.add(trainer.step(i, ReplicaFixtures.batch(i, images), true).loss());
        }
        return new Trace(losses, state(trainer));
    }

    private static Trace train(int replicas, int microBatches, int images) {
        try (NDManager manager = NDManager.newBaseManager();
                DinoTrainer trainer = ReplicaFixtures.trainer(manager, replicas, microBatches, Precision.FP32)) {
            assertEquals(replicas, trainer.replicaCount());
            return train(replicas, microBatches, images, 0, ITERATIONS, trainer);
        }
    }

    private static List<float[]> state(DinoTrainer trainer) {
        List<float[]> state = new ArrayList<>();
        addAll(state, trainer.student().parameters());
        addAll(state, trainer.teacher().parameters());
        trainer.optimizer().state().values().forEach(m -> {
            state.add(m.mean.toFloatArray());
            state.add(m.variance.toFloatArray());
        });
        state.add(TinyNetworks.dinoLoss(trainer).center().toFloatArray());
        return state;
    }

    private static void addAll(List<float[]> state, ParameterList parameters) {
        parameters.forEach(p -> state.add(p.getValue().getArray().toFloatArray()));
    }

    private static void assertSame(Trace expected, Trace actual) {
        assertEquals(expected.losses().size(), actual.losses().size());
        for (int i = 0; i < expected.losses().size(); i++) {
            assertEquals(expected.losses().get(i), actual.losses().get(i), TOLERANCE, "loss of iteration " + i);
        }
        assertEquals(expected.state().size(), actual.state().size());
        for (int i = 0; i < expected.state().size(); i++) {
            assertArrayEquals(expected.state().get(i), actual.state().get(i), TOLERANCE, "state array " + i);
        }
    }

    @Test
    void twoAndThreeReplicasLearnWhatOneLearnsOnTheWholeBatch() {
        Trace single = train(1, 1, 7);
        // The gradients really reached the optimizer: its moments are far from zero (djl#2459 saw all-zero ones).
        float[] firstMean = single.state().get(2 * 3);
        assertThat(maxAbs(firstMean)).isGreaterThan(1e-4f);
        assertSame(single, train(2, 1, 7)); // 4 + 3 images
        assertSame(single, train(3, 1, 7)); // 3 + 2 + 2 images
    }

    @Test
    void fourMicroBatchesOfEightEqualOneBatchOfThirtyTwo() {
        Trace whole = train(1, 1, 32);
        assertSame(whole, train(1, 4, 32));
        assertSame(whole, train(2, 4, 32)); // each replica accumulates too
    }

    @Test
    void aRunResumedOnAnotherNumberOfReplicasContinuesIdentically(@TempDir Path dir) throws Exception {
        Trace single = train(1, 1, 7);
        Checkpoints checkpoints = new Checkpoints(dir, 1);
        List<Float> losses = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(); DinoTrainer trainer = ReplicaFixtures.trainer(manager, 2, 1, Precision.FP32)) {
            losses.addAll(train(2, 1, 7, 0, 10, trainer).losses());
            checkpoints.save(10, trainer, Map.of());
        }
        try (NDManager manager = NDManager.newBaseManager(); DinoTrainer trainer = ReplicaFixtures.trainer(manager, 3, 1, Precision.FP32)) {
            assertEquals(10, Checkpoints.restore(checkpoints.latest().orElseThrow(), trainer, manager));
            Trace rest = train(3, 1, 7, 10, ITERATIONS, trainer);
            losses.addAll(rest.losses());
            assertSame(single, new Trace(losses, rest.state()));
        }
    }

    private static float maxAbs(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
