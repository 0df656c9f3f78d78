package dev.dinojvm.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * What the engine's step gives an {@link Objective} for one share of a batch (since SPI 1.5): a replica's share of a
 * micro-batch, on its device. Outputs are float32 and laid out view-major: rows {@code [v·n, (v+1)·n)} hold view
 * {@code v} of the share's n images.
 *
 * @param studentOutputs {@code (allViews·n, K)}: the student's head outputs of the CLS token of every view, with gradient
 * @param teacherOutputs {@code (globalViews·n, K)}: the teacher's of the global views, without gradient
 * @param studentPatchOutputs {@code (M, K')}: the student's patch tokens at the masked patches through the patch head, with
 *     gradient; {@code null} unless the objective {@link Objective#needsPatchOutputs() asks} for them
 * @param teacherPatchOutputs {@code (M, K')}: the teacher's (unmasked) patch tokens at the same patches, without gradient;
 *     {@code null} likewise
 * @param studentFeatures {@code (globalViews·n, D)}: the student's backbone features (CLS) of the global views, with
 *     gradient; {@code null} unless the objective {@link Objective#needsStudentFeatures() asks} for them
 * @param masks the masked patches, or {@code null} unless patch outputs were asked for
 * @param images n, the share's images
 * @param teacherTemperature this iteration's teacher temperature (after its warm-up schedule)
 * @param iteration the 0-based global iteration
 * @param sums sums over all processes, for values of the whole global batch
 * @param manager the share's scope: arrays made here are freed after the step
 */
public record ObjectiveBatch(NDArray studentOutputs, NDArray teacherOutputs, NDArray studentPatchOutputs,
        NDArray teacherPatchOutputs, NDArray studentFeatures, PatchMasks masks, long images, double teacherTemperature,
        long iteration, BatchSums sums, NDManager manager) {}
