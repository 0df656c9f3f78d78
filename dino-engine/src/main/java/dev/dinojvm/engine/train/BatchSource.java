package dev.dinojvm.engine.train;

import dev.dinojvm.engine.data.CropBatch;
import java.util.Iterator;

/** Where a {@link TrainingLoop} takes its batches from: the data loader, or fixed crops in a benchmark. */
@FunctionalInterface
public interface BatchSource {

    /**
     * @param epoch the epoch, from 0
     * @param firstBatch the batch to start at (a run resumed mid-epoch)
     * @return that epoch's batches from {@code firstBatch} on, at least as many as the recipe's iterations per epoch
     */
    Iterator<CropBatch> epoch(int epoch, int firstBatch);
}
