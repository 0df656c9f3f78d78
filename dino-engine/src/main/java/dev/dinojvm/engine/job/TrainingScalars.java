package dev.dinojvm.engine.job;

import dev.dinojvm.engine.train.DinoTrainer;
import dev.dinojvm.engine.train.ResidentMemory;
import dev.dinojvm.engine.train.TrainingRecipe;

import dev.dinojvm.engine.eval.KnnResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TensorBoard scalars of one {@code metrics.jsonl} record, tag to value. Tags are grouped as
 * TensorBoard shows them: {@code train/} (loss and schedules), {@code system/} (throughput, memory),
 * {@code knn/} (accuracy in percent).
 */
final class TrainingScalars {

    private TrainingScalars() {}

    /**
     * @param result the step
     * @param imagesPerSecond recent throughput
     * @param residentMebibytes the process's resident memory, negative where unknown (then left out)
     * @return the step's scalars
     */
    static Map<String, Double> of(DinoTrainer.StepResult result, double imagesPerSecond, double residentMebibytes) {
        TrainingRecipe.Values v = result.values();
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("train/loss", (double) result.loss());
        if (Float.isFinite(result.teacherEntropy())) {
            scalars.put("train/teacher_entropy", (double) result.teacherEntropy());
            scalars.put("train/teacher_student_kl", (double) result.teacherStudentKl());
        }
        scalars.put("train/learning_rate", v.learningRate());
        scalars.put("train/weight_decay", v.weightDecay());
        scalars.put("train/teacher_momentum", result.teacherMomentum());
        scalars.put("train/teacher_temperature", v.teacherTemperature());
        if (result.scalesLoss()) {
            scalars.put("train/loss_scale", result.lossScale());
            scalars.put("train/skipped_steps", (double) result.skippedSteps());
        }
        scalars.put("system/images_per_second", imagesPerSecond);
        if (residentMebibytes >= 0) {
            scalars.put("system/resident_memory_mib", residentMebibytes);
        }
        return scalars;
    }

    /** @return the k-NN evaluation's scalars */
    static Map<String, Double> of(KnnResult result) {
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("knn/top1", result.top1());
        scalars.put("knn/top5", result.top5());
        return scalars;
    }
}
