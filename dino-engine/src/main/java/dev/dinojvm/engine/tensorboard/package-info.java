/**
 * TensorBoard event files (TFRecord framing, {@code Event}/{@code Summary} protobufs) written beside {@code metrics.jsonl}.
 */
package dev.dinojvm.engine.tensorboard;
