/**
 * The DINO method: student and teacher networks, the loss, AdamW and clipping, the step ({@link dev.dinojvm.engine.train.DinoTrainer}, with replicas, accumulation and fp16 masters), checkpoints, and the {@link dev.dinojvm.engine.train.TrainingLoop} with its listener interface.
 */
package dev.dinojvm.engine.train;
