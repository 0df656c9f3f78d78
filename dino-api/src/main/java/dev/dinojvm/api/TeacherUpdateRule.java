package dev.dinojvm.api;

import ai.djl.nn.ParameterList;

/**
 * Updates the teacher's parameters from the student's after each student step. The teacher receives
 * no gradient: this rule is the only thing that changes it.
 */
public interface TeacherUpdateRule {

    /**
     * @param progress where training stands
     * @return the rule's momentum at that point, for logging (e.g. λ of an EMA)
     */
    double momentum(TrainingProgress progress);

    /**
     * Updates {@code teacher} in place. Both lists hold the same names in the same order. Called with
     * gradient recording off.
     *
     * @param teacher the teacher's parameters (backbone and head)
     * @param student the student's parameters, after this iteration's optimizer step
     * @param progress where training stands
     */
    void update(ParameterList teacher, ParameterList student, TrainingProgress progress);
}
