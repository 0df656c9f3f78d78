package dev.dinojvm.plugins.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.dinojvm.api.BatchSums;
import java.util.List;

/**
 * DINOv2's Sinkhorn-Knopp centring of the teacher ({@code DINOLoss.sinkhorn_knopp_teacher}, the iBOT
 * loss's likewise), the alternative to the running centre: the teacher's {@code exp(t / τ)} is made
 * doubly stochastic over prototypes and samples in a few alternating normalisations. Its sums over
 * samples run over every process of the group (all-reduce), so that the assignment of {@code W}
 * processes equals the one of their batches together on one.
 *
 * <p>Like the reference, it exponentiates without subtracting a maximum: DINO heads end in a
 * weight-normalised layer on a unit vector, whose outputs lie in [-1, 1].
 */
public final class SinkhornKnopp {

    /** DINOv2's {@code n_iterations}. */
    public static final int DEFAULT_ITERATIONS = 3;

    private SinkhornKnopp() {}

    /**
     * @param teacherOutput {@code (B, K)}: this process's rows; no gradient flows back
     * @param temperature the teacher temperature τ
     * @param iterations normalisation rounds (3)
     * @param totalSamples the number of rows of all processes together (DINO: {@code B · worldSize}; iBOT: the
     *     masked patches of all processes)
     * @param group the processes whose rows are assigned together
     * @return {@code (B, K)} targets, each row summing to 1, in the manager of {@code teacherOutput}
     */
    public static NDArray assign(NDArray teacherOutput, double temperature, int iterations, long totalSamples, BatchSums group) {
        return assign(teacherOutput, temperature, iterations, null, totalSamples, group);
    }

    /**
     * {@link #assign(NDArray, double, int, long, BatchSums)} where each process knows only its own row count
     * (iBOT's masked patches): the total is summed over the group on the device, as DINOv2's {@code
     * n_masked_patches_tensor}, without a read to the host.
     *
     * @param teacherOutput {@code (M, K)}: this process's rows; no gradient flows back
     * @param temperature the teacher temperature τ
     * @param iterations normalisation rounds (3)
     * @param group the processes whose rows are assigned together
     * @return {@code (M, K)} targets, each row summing to 1, in the manager of {@code teacherOutput}
     */
    public static NDArray assignSummingRows(NDArray teacherOutput, double temperature, int iterations, BatchSums group) {
        NDArray total = teacherOutput.getManager().full(new ai.djl.ndarray.types.Shape(), (float) teacherOutput.getShape().get(0));
        group.sumInPlace(List.of(total));
        return assign(teacherOutput, temperature, iterations, total, 0, group);
    }

    /** With {@code total} {@code null}, the row total is {@code totalSamples}; otherwise that scalar array. */
    private static NDArray assign(NDArray teacherOutput, double temperature, int iterations, NDArray total, long totalSamples,
            BatchSums group) {
        NDManager caller = teacherOutput.getManager();
        long prototypes = teacherOutput.getShape().get(1);
        try (NDManager scope = caller.newSubManager()) {
            // detached: nothing below records a graph, whatever the thread's gradient mode
            NDArray input = teacherOutput.stopGradient();
            input.attach(scope);
            NDArray q = input.div((float) temperature).exp().transpose(); // (K, B), the reference's notation
            NDArray sum = q.sum();
            group.sumInPlace(List.of(sum));
            q = q.div(sum);
            for (int i = 0; i < iterations; i++) {
                NDArray rows = q.sum(new int[] {1}, true);
                group.sumInPlace(List.of(rows));
                q = q.div(rows).div((float) prototypes);
                q = q.div(q.sum(new int[] {0}, true));
                q = total == null ? q.div((float) totalSamples) : q.div(total);
            }
            NDArray result = (total == null ? q.mul((float) totalSamples) : q.mul(total)).transpose();
            result.attach(caller);
            return result;
        }
    }
}
