/**
 * DJL's PyTorch engine: loading libtorch (offline by default, the CUDA build on request), device selection, TF32.
 */
package dev.dinojvm.engine.runtime;
