package dev.dinojvm.plugins.ema;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import dev.dinojvm.api.CosineSchedule;
import dev.dinojvm.api.TeacherUpdateRule;
import dev.dinojvm.api.TrainingProgress;

/**
 * DINO's teacher update: θt ← λ·θt + (1 − λ)·θs for every parameter, with λ following the reference
 * {@code utils.cosine_scheduler(momentum_teacher, 1, epochs, niter_per_ep)} ({@link CosineSchedule}) indexed by the global
 * iteration: λ(it) = final + (base − final)·(1 + cos(π·it/totalIterations))/2, so λ(0) = base and λ
 * approaches final at the end of training.
 *
 * <p>Batch-norm running statistics ({@link Parameter.Type#RUNNING_MEAN}, {@link
 * Parameter.Type#RUNNING_VAR}) are skipped: PyTorch keeps them as buffers, not parameters, and the
 * reference averages {@code parameters()} only, so the teacher's running statistics stay its own.
 */
public final class CosineEmaRule implements TeacherUpdateRule {

    private final double baseMomentum;
    private final double finalMomentum;

    /**
     * @param baseMomentum λ at the first iteration
     * @param finalMomentum λ at the end of training
     */
    public CosineEmaRule(double baseMomentum, double finalMomentum) {
        if (!(0 <= baseMomentum && baseMomentum <= finalMomentum && finalMomentum <= 1)) {
            throw new IllegalArgumentException(
                    "need 0 <= momentum <= final momentum <= 1, got " + baseMomentum + " and " + finalMomentum);
        }
        this.baseMomentum = baseMomentum;
        this.finalMomentum = finalMomentum;
    }

    @Override
    public double momentum(TrainingProgress progress) {
        long total = progress.totalIterations();
        if (total <= 0) {
            return baseMomentum;
        }
        long iteration = Math.min(Math.max(progress.iteration(), 0), total);
        return CosineSchedule.value(baseMomentum, finalMomentum, total, 0, 0, iteration);
    }

    @Override
    public void update(ParameterList teacher, ParameterList student, TrainingProgress progress) {
        requireMatchingParameters(teacher, student);
        if (teacher.isEmpty()) {
            return;
        }
        double lambda = momentum(progress);
        NDArray first = teacher.valueAt(0).getArray();
        // The two factors are made once per call and shared by every parameter; the only other
        // temporary is (1 − λ)·θs, one per parameter, closed at once.
        try (NDManager scratch = first.getManager().newSubManager(first.getDevice())) {
            NDArray keep = scratch.create((float) lambda);
            NDArray take = scratch.create((float) (1 - lambda));
            for (int i = 0; i < teacher.size(); i++) {
                Parameter parameter = teacher.valueAt(i);
                if (isRunningStatistic(parameter)) {
                    continue;
                }
                NDArray target = parameter.getArray();
                try (NDArray contribution = student.valueAt(i).getArray().mul(take)) {
                    target.muli(keep).addi(contribution);
                }
            }
        }
    }

    private static boolean isRunningStatistic(Parameter parameter) {
        Parameter.Type type = parameter.getType();
        return type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR;
    }

    private static void requireMatchingParameters(ParameterList teacher, ParameterList student) {
        if (teacher.size() != student.size()) {
            throw new IllegalArgumentException("teacher has " + teacher.size() + " parameters but student has "
                    + student.size() + ": they must be built from the same architecture");
        }
        for (int i = 0; i < teacher.size(); i++) {
            String teacherName = teacher.keyAt(i);
            String studentName = student.keyAt(i);
            if (!teacherName.equals(studentName)) {
                throw new IllegalArgumentException("teacher parameter " + i + " is '" + teacherName
                        + "' but student parameter " + i + " is '" + studentName + "': the lists must match name by name");
            }
            Shape teacherShape = teacher.valueAt(i).getArray().getShape();
            Shape studentShape = student.valueAt(i).getArray().getShape();
            if (!teacherShape.equals(studentShape)) {
                throw new IllegalArgumentException("parameter '" + teacherName + "' has shape " + teacherShape
                        + " in the teacher but " + studentShape + " in the student");
            }
        }
    }
}
