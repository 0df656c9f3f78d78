package dev.dinojvm.engine.weights;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A named model parameter's value read from a file, as float32 in row-major (C) order, independent of
 * any engine.
 *
 * @param shape the dimensions, PyTorch's order
 * @param values {@code product(shape)} values
 */
public record WeightTensor(long[] shape, float[] values) {

    /** Checks that the values fill the shape. */
    public WeightTensor {
        if (elementCount(shape) != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + elementCount(shape)
                    + " values, got " + values.length);
        }
    }

    /**
     * @param shape dimensions
     * @return their product
     */
    public static long elementCount(long[] shape) {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        return count;
    }

    /** @return the shape as PyTorch prints it, e.g. {@code (1, 197, 384)} */
    public String shapeText() {
        return shapeText(shape);
    }

    /**
     * @param shape dimensions
     * @return them as PyTorch prints a shape, e.g. {@code (1, 197, 384)}
     */
    public static String shapeText(long[] shape) {
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * @param other another shape
     * @return whether this tensor has exactly that shape
     */
    public boolean hasShape(long[] other) {
        return Arrays.equals(shape, other);
    }
}
