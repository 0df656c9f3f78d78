package dev.dinojvm.api;

/**
 * Where training stands, for per-iteration schedules.
 *
 * @param iteration the current iteration, counted from 0 over the whole run
 * @param totalIterations iterations in the whole run ({@code epochs * iterationsPerEpoch})
 * @param epoch the current epoch, counted from 0
 * @param iterationsPerEpoch iterations in one epoch
 */
public record TrainingProgress(long iteration, long totalIterations, int epoch, long iterationsPerEpoch) {}
