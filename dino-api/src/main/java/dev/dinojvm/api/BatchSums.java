package dev.dinojvm.api;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Sums over every process training together (since SPI 1.5), for an {@link Objective} whose loss needs values of the
 * whole global batch (such as Sinkhorn-Knopp's normalisations). The engine implements it with its process group; on a
 * single process it sums nothing.
 */
public interface BatchSums {

    /** @return how many processes train together (1 alone) */
    int worldSize();

    /**
     * Replaces each array by its element-wise sum over all processes. Every process must call it with arrays of the
     * same shapes, in the same order, at the same point of the step.
     *
     * @param arrays float32 arrays, changed in place
     */
    void sumInPlace(List<NDArray> arrays);
}
