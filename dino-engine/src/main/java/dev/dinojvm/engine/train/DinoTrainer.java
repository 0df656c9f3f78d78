package dev.dinojvm.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.dinojvm.api.TeacherUpdateRule;
import dev.dinojvm.api.TrainingProgress;
import dev.dinojvm.engine.plugin.ContextLoaderSwap;
import java.util.List;

/**
 * One DINO training step (main_dino.py, train_one_epoch): teacher on the global views without gradient,
 * student on all views, loss, backward, per-tensor clipping, AdamW with the last layer frozen early,
 * teacher update, then the center update.
 */
public final class DinoTrainer implements AutoCloseable {

    private final TrainingRecipe recipe;
    private final DinoNetwork student;
    private final DinoNetwork teacher;
    private final TeacherUpdateRule teacherUpdate;
    private final DinoLoss loss;
    private final AdamW optimizer;
    private final List<NamedParameter> trainable;
    private StepTimer timer;

    /**
     * What one step did.
     *
     * @param iteration the 0-based global iteration
     * @param loss the loss, or NaN when the step did not read it (see {@link #lossRead})
     * @param lossRead whether the loss was copied to the host and checked
     * @param values the schedule values used
     * @param teacherMomentum the teacher momentum used
     */
    public record StepResult(long iteration, float loss, boolean lossRead, TrainingRecipe.Values values, double teacherMomentum) {}

    /**
     * @param recipe schedules and hyper-parameters
     * @param student the student, initialised
     * @param teacher the teacher, same architecture, initialised with the student's weights
     * @param teacherUpdate how the teacher follows the student
     * @param crops global and total view counts: {@code crops[0]} global, {@code crops[1]} all
     * @param manager the training manager (device)
     */
    public DinoTrainer(TrainingRecipe recipe, DinoNetwork student, DinoNetwork teacher,
            TeacherUpdateRule teacherUpdate, int[] crops, NDManager manager) {
        this.recipe = recipe;
        this.student = student;
        this.teacher = teacher;
        this.teacherUpdate = teacherUpdate;
        teacher.stopGradients();
        this.loss = new DinoLoss(manager, student.head().outputDim(), crops[0], crops[1],
                recipe.studentTemperature(), recipe.centerMomentum());
        this.optimizer = new AdamW(manager);
        this.trainable = student.trainableParameters();
    }

    /**
     * Sets the timer told about each phase of later steps.
     *
     * @param timer the timer, or {@code null} for none (the default)
     */
    public void setStepTimer(StepTimer timer) {
        this.timer = timer;
    }

    /**
     * Runs one iteration and reads its loss: {@link #step(long, NDArray, NDArray, boolean)} with {@code readLoss}.
     *
     * @param iteration the 0-based global iteration
     * @param globalViews {@code (2·B, 3, G, G)}, view-major
     * @param localViews {@code (n·B, 3, L, L)}, view-major, or {@code null} without local crops
     * @return the loss and the schedule values used
     * @throws NonFiniteLossException when the loss is NaN or infinite (nothing is updated then)
     */
    public StepResult step(long iteration, NDArray globalViews, NDArray localViews) {
        return step(iteration, globalViews, localViews, true);
    }

    /**
     * Runs one iteration. The arrays must be on the training device; intermediates are created in
     * their manager, which the caller closes after the step.
     *
     * <p>Reading the loss copies it to the host, which on a GPU waits for the whole step to finish; a
     * step that does not read it stays asynchronous, and a non-finite loss then goes unnoticed until
     * the next step that reads it.
     *
     * @param iteration the 0-based global iteration
     * @param globalViews {@code (2·B, 3, G, G)}, view-major
     * @param localViews {@code (n·B, 3, L, L)}, view-major, or {@code null} without local crops
     * @param readLoss whether to copy the loss to the host and check that it is finite
     * @return the loss (NaN when not read) and the schedule values used
     * @throws NonFiniteLossException when the loss is read and is NaN or infinite (nothing is updated then)
     */
    public StepResult step(long iteration, NDArray globalViews, NDArray localViews, boolean readLoss) {
        if (timer != null) {
            timer.stepStarted();
        }
        TrainingRecipe.Values values = recipe.at(iteration);
        TrainingProgress progress = recipe.progress(iteration);
        List<NDArray> studentInputs = localViews == null ? List.of(globalViews) : List.of(globalViews, localViews);

        NDArray teacherOutput = teacher.forward(List.of(globalViews), false);
        NDArray lossValue;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray studentOutput = student.forward(studentInputs, true);
            lap(StepTimer.Phase.FORWARD);
            lossValue = loss.compute(studentOutput, teacherOutput, values.teacherTemperature());
            lap(StepTimer.Phase.LOSS);
            collector.backward(lossValue);
        }
        float scalar = Float.NaN;
        if (readLoss) {
            scalar = lossValue.getFloat();
            if (!Float.isFinite(scalar)) {
                throw new NonFiniteLossException(iteration, scalar, diagnose(globalViews, localViews, teacherOutput));
            }
        }
        lap(StepTimer.Phase.BACKWARD);
        GradientClipping.clipPerTensor(trainable, recipe.clipGrad());
        lap(StepTimer.Phase.CLIPPING);
        optimizer.step(trainable, values.learningRate(), values.weightDecay(), values.lastLayerFrozen());
        lap(StepTimer.Phase.OPTIMIZER);
        double momentum;
        try (ContextLoaderSwap swap = ContextLoaderSwap.of(teacherUpdate)) {
            teacherUpdate.update(teacher.parameters(), student.parameters(), progress);
            momentum = teacherUpdate.momentum(progress);
        }
        lap(StepTimer.Phase.TEACHER_UPDATE);
        loss.updateCenter(teacherOutput);
        lap(StepTimer.Phase.CENTER);
        return new StepResult(iteration, scalar, readLoss, values, momentum);
    }

    private void lap(StepTimer.Phase phase) {
        if (timer != null) {
            timer.phaseEnded(phase);
        }
    }

    /** Says where the first non-finite values are, for the error message (only on failure). */
    private String diagnose(NDArray globalViews, NDArray localViews, NDArray teacherOutput) {
        List<String> found = new java.util.ArrayList<>();
        if (!allFinite(globalViews) || (localViews != null && !allFinite(localViews))) {
            found.add("input crops");
        }
        for (var p : student.parameters()) {
            if (!allFinite(p.getValue().getArray())) {
                found.add("student " + p.getKey());
            }
        }
        if (!allFinite(teacherOutput)) {
            found.add("teacher output");
        }
        if (!allFinite(loss.center())) {
            found.add("loss center");
        }
        return found.isEmpty() ? "inputs, student parameters, teacher output and center are finite"
                : "non-finite values in " + String.join(", ", found.subList(0, Math.min(6, found.size())))
                        + (found.size() > 6 ? " and " + (found.size() - 6) + " more" : "");
    }

    private static boolean allFinite(NDArray array) {
        try (NDManager scope = array.getManager().newSubManager()) {
            NDArray copy = array.duplicate();
            copy.attach(scope);
            return copy.isNaN().logicalOr(copy.isInfinite()).any().getBoolean() == false;
        }
    }

    /** @return the loss, for its center */
    public DinoLoss loss() {
        return loss;
    }

    /** @return the optimizer, for its state */
    public AdamW optimizer() {
        return optimizer;
    }

    /** @return the student */
    public DinoNetwork student() {
        return student;
    }

    /** @return the teacher */
    public DinoNetwork teacher() {
        return teacher;
    }

    /** @return the recipe */
    public TrainingRecipe recipe() {
        return recipe;
    }

    @Override
    public void close() {
        loss.close();
        optimizer.close();
    }
}
