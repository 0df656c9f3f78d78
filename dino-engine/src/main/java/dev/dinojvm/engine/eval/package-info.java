/**
 * Evaluation of frozen features: the trained-backbone loader, k-NN, the linear probe, feature extraction and {@code .npy} files.
 */
package dev.dinojvm.engine.eval;
