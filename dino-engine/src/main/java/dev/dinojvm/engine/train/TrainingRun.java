package dev.dinojvm.engine.train;

import ai.djl.Device;

/**
 * What the listeners of a {@link TrainingLoop} see of the run.
 *
 * @param trainer the trainer, its networks and recipe
 * @param start the iteration this process starts at (0, or where a checkpoint left off)
 * @param stop the iteration it trains to ({@code dino.train.max-steps} applied)
 * @param batchSize images per step
 * @param device where the models live
 */
public record TrainingRun(DinoTrainer trainer, long start, long stop, int batchSize, Device device) {

    /** @return the recipe */
    public TrainingRecipe recipe() {
        return trainer.recipe();
    }

    /** @return iterations of the whole schedule */
    public long totalIterations() {
        return trainer.recipe().totalIterations();
    }
}
