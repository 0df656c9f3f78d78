package dev.dinojvm.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.dinojvm.engine.config.Precision;
import dev.dinojvm.engine.util.HostReads;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a step reads from the device to the host (each read stalls a GPU's pipeline): nothing unless its
 * loss is asked for, whatever the replicas and micro-batches, plus the overflow check of fp16.
 */
class HostReadsTest {

    private static final int IMAGES = 6;

    /** The reads, by reason, of steps {@code from .. to-1}. */
    private static Map<HostReads.Reason, Long> readsOf(DinoTrainer trainer, long from, long to, boolean readLoss) {
        Map<HostReads.Reason, Long> before = HostReads.byReason();
        for (long i = from; i < to; i++) {
            trainer.step(i, ReplicaFixtures.batch(i, IMAGES), readLoss);
        }
        Map<HostReads.Reason, Long> reads = new EnumMap<>(HostReads.Reason.class);
        HostReads.byReason().forEach((reason, count) -> {
            if (count > before.get(reason)) {
                reads.put(reason, count - before.get(reason));
            }
        });
        return reads;
    }

    @Test
    void anFp32StepThatLogsNothingReadsNothing() {
        for (int[] layout : new int[][] {{1, 1}, {2, 1}, {1, 3}, {2, 2}}) {
            try (NDManager manager = NDManager.newBaseManager();
                    DinoTrainer trainer = ReplicaFixtures.trainer(manager, layout[0], layout[1], Precision.FP32)) {
                assertThat(readsOf(trainer, 0, 7, false)).as("%d replicas, %d micro-batches", layout[0], layout[1]).isEmpty();
                assertThat(readsOf(trainer, 7, 9, true)).containsExactly(Map.entry(HostReads.Reason.LOSS, 2L));
            }
        }
    }

    @Test
    void anFp16StepReadsOnlyWhetherItsGradientsOverflowed() {
        try (NDManager manager = NDManager.newBaseManager(); DinoTrainer trainer = ReplicaFixtures.trainer(manager, 1, 1, Precision.FP16)) {
            assertThat(readsOf(trainer, 0, 4, false)).containsExactly(Map.entry(HostReads.Reason.GRADIENT_OVERFLOW, 4L));
            assertThat(readsOf(trainer, 4, 5, true))
                    .containsExactlyInAnyOrderEntriesOf(Map.of(HostReads.Reason.GRADIENT_OVERFLOW, 1L, HostReads.Reason.LOSS, 1L));
        }
    }
}
