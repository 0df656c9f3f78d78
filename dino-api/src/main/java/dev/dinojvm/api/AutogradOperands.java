package dev.dinojvm.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Operands of differentiable operations that stay valid until the backward pass, on DJL's PyTorch
 * engine.
 *
 * <p>Why: {@code x.div(0.1f)}, {@code x.mul(scale)} and friends wrap the number in a tensor over a Java
 * direct buffer that DJL releases right after the call, while autograd keeps that tensor for backward.
 * When the garbage collector frees the buffer first, backward reads freed memory: wrong gradients, NaN
 * after a hundred iterations, runs that differ between processes. The same holds for an array created
 * from a Java array ({@code manager.create(float[], shape)}) inside a scope closed before backward.
 * Arrays allocated by libtorch itself have no such problem; these methods return such arrays.
 */
public final class AutogradOperands {

    private AutogradOperands() {}

    /**
     * @param manager the manager that owns the result (its device is used)
     * @param value the number
     * @return a 0-dimensional float32 array holding {@code value}, allocated by libtorch
     */
    public static NDArray scalar(NDManager manager, float value) {
        return manager.full(new Shape(), value);
    }

    /**
     * @param created an array created from Java memory, e.g. with {@code manager.create(float[], shape)}
     * @return a copy in libtorch's memory, in the same manager, to use instead of {@code created}
     */
    public static NDArray nativeCopy(NDArray created) {
        return created.duplicate();
    }
}
