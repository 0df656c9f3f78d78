/**
 * A training run put together: {@link dev.dinojvm.engine.job.TrainJob} builds the components from settings and plugins, resumes from checkpoints, and runs the loop with its listeners (metrics, progress, checkpoints, k-NN, collapse warning, summary, demo comparison, report).
 */
package dev.dinojvm.engine.job;
