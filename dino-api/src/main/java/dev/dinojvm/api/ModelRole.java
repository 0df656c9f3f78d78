package dev.dinojvm.api;

/** What a network is built for; regularisation such as stochastic depth applies only to the student. */
public enum ModelRole {
    /** Trained by gradient: stochastic depth and other training-only regularisation on. */
    STUDENT,
    /** Follows the student by {@link TeacherUpdateRule}; never regularised, never given gradients. */
    TEACHER,
    /** Frozen features for evaluation and export. */
    EVALUATION
}
