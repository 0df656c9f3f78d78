/**
 * Images in (folders, IDX, the embedded demo), multi-crop batches out: {@link dev.dinojvm.engine.data.MultiCropLoader} decodes and augments ahead of training, deterministically for a seed.
 */
package dev.dinojvm.engine.data;
