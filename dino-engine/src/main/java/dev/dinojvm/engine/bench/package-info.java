/**
 * {@code dino bench}: throughput and memory of the configured training step and data pipeline
 * (see docs/performance.md and BENCHMARKS.md).
 */
package dev.dinojvm.engine.bench;
