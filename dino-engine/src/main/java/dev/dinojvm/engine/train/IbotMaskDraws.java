package dev.dinojvm.engine.train;

import dev.dinojvm.engine.config.EngineSettings;
import dev.dinojvm.engine.data.CropBatch;
import dev.dinojvm.engine.data.IbotMasks;
import dev.dinojvm.engine.util.Seeds;
import java.util.Iterator;
import java.util.Random;

/**
 * Adds iBOT's masks to every batch of a source, as DINOv2's collate function draws them for each batch.
 * Each batch's draws come from the run seed, the epoch, the batch's position in it and the rank, so that a
 * run draws the same masks whatever the threading and when resumed.
 */
public final class IbotMaskDraws implements BatchSource {

    /** Distinguishes this stream from the data pipeline's in {@link Seeds#mix}. */
    private static final long STREAM = 0x1b07_6d61_736bL;

    private final BatchSource batches;
    private final EngineSettings.Ibot settings;
    private final IbotMasks masks;
    private final long seed;
    private final int rank;

    /**
     * @param batches the batches to mask
     * @param settings the probability and ratios of the masks
     * @param patchSide patches along each side of a global crop
     * @param seed the run seed
     * @param rank this process's rank (each rank masks its own share)
     */
    public IbotMaskDraws(BatchSource batches, EngineSettings.Ibot settings, int patchSide, long seed, int rank) {
        this.batches = batches;
        this.settings = settings;
        this.masks = new IbotMasks(patchSide);
        this.seed = seed;
        this.rank = rank;
    }

    @Override
    public Iterator<CropBatch> epoch(int epoch, int firstBatch) {
        Iterator<CropBatch> source = batches.epoch(epoch, firstBatch);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public CropBatch next() {
                return masked(source.next());
            }
        };
    }

    /**
     * @param batch a batch
     * @return the batch with its masks
     */
    CropBatch masked(CropBatch batch) {
        Random random = new Random(Seeds.mix(seed, STREAM, batch.epoch(), batch.batchIndex(), rank));
        int crops = batch.layout().globalCrops() * batch.batchSize();
        return batch.withMasks(masks.draw(crops, settings.maskProbability(), settings.minRatio(), settings.maxRatio(), random)
                .toArray(boolean[][]::new));
    }
}
