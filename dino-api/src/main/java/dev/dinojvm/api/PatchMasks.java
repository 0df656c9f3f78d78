package dev.dinojvm.api;

import ai.djl.ndarray.NDArray;

/**
 * The patches the augmentation masked in the student's global views of one share of a batch (since SPI 1.5), on the
 * share's device: the student saw a mask token at those patches and the teacher saw the images unmasked.
 *
 * @param flags {@code (globalViews·n, P)}, 1 at masked patches, crops view-major as the outputs
 * @param indices {@code (M)} int64: the masked positions in the patch tokens flattened to {@code (globalViews·n·P)}, the
 *     rows of the patch outputs in order
 * @param weights {@code (M)} float32: {@code 1 / masked patches of the patch's crop} (iBOT's per-crop weighting)
 * @param count M, the masked patches of the share
 * @param crops the share's global views, {@code globalViews·n}
 */
public record PatchMasks(NDArray flags, NDArray indices, NDArray weights, long count, long crops) {}
