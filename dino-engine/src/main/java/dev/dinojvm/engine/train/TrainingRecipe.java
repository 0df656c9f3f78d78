package dev.dinojvm.engine.train;

import dev.dinojvm.api.CosineSchedule;
import dev.dinojvm.api.TrainingProgress;
import dev.dinojvm.engine.config.EngineSettings;

/**
 * The optimisation recipe of a run: every schedule of main_dino.py, evaluated per iteration (one
 * iteration is one optimizer step).
 *
 * @param epochs epochs of the run
 * @param iterationsPerEpoch optimizer steps per epoch
 * @param optimization the student's optimizer schedules
 * @param loss the loss's temperatures and center, as configured
 */
public record TrainingRecipe(int epochs, long iterationsPerEpoch, Optimization optimization, EngineSettings.Loss loss) {

    /**
     * The student's optimizer schedules.
     *
     * @param learningRate peak learning rate, already scaled by (effective batch)/256 as the reference does
     * @param minLearningRate final learning rate of the cosine
     * @param warmupEpochs epochs of linear learning-rate warm-up from 0
     * @param weightDecay weight decay at the start
     * @param weightDecayEnd weight decay at the end (cosine, no warm-up)
     * @param clipGrad per-tensor gradient clip, 0 for none
     * @param freezeLastLayerEpochs epochs during which the head's last layer is not updated
     * @param freezeBackboneEpochs epochs during which only the head is updated (when starting from trained weights)
     */
    public record Optimization(double learningRate, double minLearningRate, int warmupEpochs, double weightDecay,
            double weightDecayEnd, double clipGrad, int freezeLastLayerEpochs, int freezeBackboneEpochs) {}

    /**
     * The values of the schedules at one iteration.
     *
     * @param learningRate the learning rate
     * @param weightDecay the weight decay
     * @param teacherTemperature the teacher temperature
     * @param lastLayerFrozen whether the head's last layer is held
     * @param backboneFrozen whether the backbone is held
     */
    public record Values(double learningRate, double weightDecay, double teacherTemperature, boolean lastLayerFrozen,
            boolean backboneFrozen) {}

    /** @return iterations of the whole run */
    public long totalIterations() {
        return epochs * iterationsPerEpoch;
    }

    /**
     * @param iteration 0-based global iteration
     * @return where training stands at that iteration
     */
    public TrainingProgress progress(long iteration) {
        return new TrainingProgress(iteration, totalIterations(), (int) (iteration / iterationsPerEpoch), iterationsPerEpoch);
    }

    /**
     * @param iteration 0-based global iteration
     * @return the scheduled values
     */
    public Values at(long iteration) {
        int epoch = (int) (iteration / iterationsPerEpoch);
        long total = totalIterations();
        Optimization o = optimization;
        double lr = CosineSchedule.value(o.learningRate(), o.minLearningRate(), total, o.warmupEpochs() * iterationsPerEpoch, 0, iteration);
        double wd = CosineSchedule.value(o.weightDecay(), o.weightDecayEnd(), total, 0, 0, iteration);
        double temperature = Schedules.teacherTemperature(loss.warmupTeacherTemperature(), loss.teacherTemperature(),
                loss.warmupTeacherEpochs(), epoch);
        return new Values(lr, wd, temperature, epoch < o.freezeLastLayerEpochs(), epoch < o.freezeBackboneEpochs());
    }
}
