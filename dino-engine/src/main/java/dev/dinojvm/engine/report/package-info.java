/**
 * The HTML training report: loss, schedules and k-NN charts from {@code metrics.jsonl}, attention maps and the configuration.
 */
package dev.dinojvm.engine.report;
