/**
 * What a training run reports, defined once: the record types of {@code metrics.jsonl} (one per iteration,
 * one per k-NN evaluation, the demo's end-of-run comparison) and the schema of each, from which the JSON
 * lines and the TensorBoard scalars are both written. The report and the dashboard read the same names;
 * docs/metrics.md lists them and a test holds the two together. Depends on nothing of the engine.
 */
package dev.dinojvm.engine.metrics;
