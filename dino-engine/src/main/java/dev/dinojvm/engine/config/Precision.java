package dev.dinojvm.engine.config;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * The arithmetic a run trains with ({@code dino.train.precision}). Whatever the precision, the weights
 * that are optimised, averaged into the teacher, checkpointed and exported are fp32.
 */
public enum Precision {
    /** Everything in fp32. */
    FP32,
    /**
     * Mixed precision with fp32 master weights (Micikevicius et al. 2018; Apex "O2"): student and teacher
     * compute with fp16 copies of the masters, the loss is computed in fp32 and scaled dynamically.
     */
    FP16,
    /**
     * fp32 weights and activations, with cuBLAS/cuDNN allowed to use TF32 tensor cores for fp32 matrix
     * products (Ampere and newer GPUs); plain fp32 on the CPU.
     */
    TF32;

    /**
     * @param value {@code fp32}, {@code fp16} or {@code tf32}, in any case
     * @return the precision
     * @throws IllegalArgumentException for any other value
     */
    public static Precision parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown precision '" + value + "': expected fp32, fp16 or tf32", e);
        }
    }

    /** @return the type student and teacher compute in */
    public DataType computeType() {
        return this == FP16 ? DataType.FLOAT16 : DataType.FLOAT32;
    }

    /** @return whether gradients need dynamic loss scaling (fp16's narrow range) */
    public boolean scalesLoss() {
        return this == FP16;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
