package dev.dinojvm.engine.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dinojvm.engine.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchShareTest {

    @Test
    void theSharesOfAllRanksTileTheGlobalBatchInOrder() {
        List<BatchShare> shares = List.of(BatchShare.of(12, group(0, 3)), BatchShare.of(12, group(1, 3)), BatchShare.of(12, group(2, 3)));

        assertThat(shares).containsExactly(new BatchShare(0, 4, 12), new BatchShare(4, 4, 12), new BatchShare(8, 4, 12));
        assertThat(shares.get(1).lossWeight()).isEqualTo(1f / 3);
    }

    @Test
    void oneProcessTakesTheWholeBatchWithWeightOne() {
        assertThat(BatchShare.of(64, ProcessGroup.SINGLE)).isEqualTo(new BatchShare(0, 64, 64));
        assertThat(BatchShare.of(64, ProcessGroup.SINGLE).lossWeight()).isEqualTo(1f);
    }

    @Test
    void anUnevenSplitIsRefusedWithWhatToChoose() {
        assertThatThrownBy(() -> BatchShare.of(100, group(0, 3)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("dino.train.batch-size: 100 images per step do not split evenly over 3 ranks; choose a multiple of 3"
                        + " (it is the batch of all ranks together)");
    }

    private static ProcessGroup group(int rank, int worldSize) {
        return new ProcessGroup() {
            @Override
            public int rank() {
                return rank;
            }

            @Override
            public int worldSize() {
                return worldSize;
            }

            @Override
            public void sumInPlace(List<ai.djl.ndarray.NDArray> arrays) {
                throw new UnsupportedOperationException("not needed here");
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }
}
