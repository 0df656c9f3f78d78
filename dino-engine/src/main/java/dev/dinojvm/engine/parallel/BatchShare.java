package dev.dinojvm.engine.parallel;

import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.EngineKeys;
import java.util.List;

/**
 * The images of every global batch that one rank trains on: {@code dino.train.batch-size} is the global
 * batch whatever the number of ranks, and rank {@code r} of {@code W} takes positions {@code [r·B/W,
 * (r+1)·B/W)}, so that the ranks' shares together are exactly the single-process batch.
 *
 * @param from the first position of this rank's share in each global batch
 * @param size how many images it trains on per step
 * @param globalBatch the images of one step over all ranks
 */
public record BatchShare(int from, int size, int globalBatch) {

    /**
     * @param globalBatch {@code dino.train.batch-size}
     * @param group the ranks that split it
     * @return this rank's share
     * @throws ConfigException when the ranks cannot take equal shares
     */
    public static BatchShare of(int globalBatch, ProcessGroup group) {
        return of(globalBatch, group.rank(), group.worldSize());
    }

    /**
     * @param globalBatch {@code dino.train.batch-size}
     * @param rank this process
     * @param ranks the number of processes that split the batch
     * @return this rank's share
     * @throws ConfigException when the ranks cannot take equal shares
     */
    public static BatchShare of(int globalBatch, int rank, int ranks) {
        if (globalBatch % ranks != 0) {
            throw new ConfigException(List.of(new ConfigProblem(EngineKeys.TRAIN_BATCH_SIZE, globalBatch + " images per step do not split"
                    + " evenly over " + ranks + " ranks; choose a multiple of " + ranks + " (it is the batch of all ranks together)")));
        }
        int size = globalBatch / ranks;
        return new BatchShare(rank * size, size, globalBatch);
    }

    /** @return the whole batch, for a single process */
    public static BatchShare whole(int globalBatch) {
        return new BatchShare(0, globalBatch, globalBatch);
    }

    /**
     * @return the factor of this rank's mean loss, {@code size / globalBatch}: summed over the ranks, the
     *     gradients of the weighted losses are the gradient of the mean over the global batch
     */
    public float lossWeight() {
        return (float) size / globalBatch;
    }
}
