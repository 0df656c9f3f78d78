/**
 * Small helpers with one home each, shared by the engine's packages and depending on none of them:
 * atomic file writes, seed derivation, one-line messages, libtorch's per-thread gradient mode and
 * in-place writes into parameters.
 */
package dev.dinojvm.engine.util;
