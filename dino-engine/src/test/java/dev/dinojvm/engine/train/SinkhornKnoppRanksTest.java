package dev.dinojvm.engine.train;

import dev.dinojvm.plugins.objective.SinkhornKnopp;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.dinojvm.engine.parallel.ProcessGroup;
import dev.dinojvm.engine.runtime.DjlRuntime;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sinkhorn-Knopp over two processes, each with half of the rows, equals DINOv2's assignment of the whole batch. */
class SinkhornKnoppRanksTest {

    @BeforeAll
    static void startEngine() {
        DjlRuntime.initialise();
    }

    @Test
    void twoRanksWithHalfTheBatchEachAssignAsOneWithTheWholeBatch() throws Exception {
        float[] teacher = Dinov2LossesTest.fixture("dino-teacher.npy").values();
        float[] expected = Dinov2LossesTest.fixture("dino-sinkhorn-teacher.npy").values();
        int k = 16;
        int rows = teacher.length / k;
        InMemoryGroup.Shared shared = new InMemoryGroup.Shared();
        List<CompletableFuture<float[]>> ranks = List.of(0, 1).stream().map(rank -> CompletableFuture.supplyAsync(() -> {
            try (NDManager manager = NDManager.newBaseManager()) {
                float[] half = java.util.Arrays.copyOfRange(teacher, rank * rows / 2 * k, (rank + 1) * rows / 2 * k);
                NDArray output = manager.create(half, new Shape(rows / 2, k));
                return SinkhornKnopp.assign(output, 0.05, 3, rows, new InMemoryGroup(rank, shared)).toFloatArray();
            }
        })).toList();
        float[] first = ranks.get(0).get();
        float[] second = ranks.get(1).get();

        for (int i = 0; i < expected.length; i++) {
            float actual = i < first.length ? first[i] : second[i - first.length];
            assertThat((double) actual).as("target %d", i).isCloseTo(expected[i], Offset.offset(1e-6));
        }
    }

    /** iBOT's case: each rank knows only its own count of masked patches, and the counts differ. */
    @Test
    void ranksWithUnequalRowsSummingTheirCountsAssignAsOneWithTheWholeBatch() throws Exception {
        float[] teacher = Dinov2LossesTest.fixture("dino-teacher.npy").values();
        float[] expected = Dinov2LossesTest.fixture("dino-sinkhorn-teacher.npy").values();
        int k = 16;
        int rows = teacher.length / k;
        int split = rows / 2 - 1;
        InMemoryGroup.Shared shared = new InMemoryGroup.Shared();
        List<CompletableFuture<float[]>> ranks = List.of(0, 1).stream().map(rank -> CompletableFuture.supplyAsync(() -> {
            try (NDManager manager = NDManager.newBaseManager()) {
                int from = rank == 0 ? 0 : split;
                int to = rank == 0 ? split : rows;
                NDArray output = manager.create(java.util.Arrays.copyOfRange(teacher, from * k, to * k), new Shape(to - from, k));
                return SinkhornKnopp.assignSummingRows(output, 0.05, 3, new InMemoryGroup(rank, shared)).toFloatArray();
            }
        })).toList();
        float[] first = ranks.get(0).get();
        float[] second = ranks.get(1).get();

        assertThat(first).hasSize(split * k);
        for (int i = 0; i < expected.length; i++) {
            float actual = i < first.length ? first[i] : second[i - first.length];
            assertThat((double) actual).as("target %d", i).isCloseTo(expected[i], Offset.offset(1e-6));
        }
    }

    /** Two ranks in one JVM: each sum waits for the other rank's values. */
    private record InMemoryGroup(int rank, Shared shared) implements ProcessGroup {

        static final class Shared {
            final CyclicBarrier deposited = new CyclicBarrier(2);
            final CyclicBarrier read = new CyclicBarrier(2);
            final float[][][] values = new float[2][][];
        }

        @Override
        public int worldSize() {
            return 2;
        }

        @Override
        public void sumInPlace(List<NDArray> arrays) {
            try {
                shared.values[rank] = arrays.stream().map(NDArray::toFloatArray).toArray(float[][]::new);
                shared.deposited.await();
                for (int a = 0; a < arrays.size(); a++) {
                    float[] sum = shared.values[0][a].clone();
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] += shared.values[1][a][i];
                    }
                    arrays.get(a).set(FloatBuffer.wrap(sum));
                }
                shared.read.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {}
    }
}
