package dev.dinojvm.engine.util;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** In-place writes into parameter arrays: one way for copying networks and for loading weight files. */
public final class ParameterWrites {

    private ParameterWrites() {
    }

    /**
     * {@code target ← source} in place, converted to the target's type and device on the device, by an
     * indexed copy with gradient recording off: libtorch refuses in-place writes into leaves that require
     * gradients while recording (and a thread it did not start records), and DJL's {@code
     * NDArray.set(Buffer)} goes through {@code torchSet}, which prints a deprecation warning.
     *
     * @param target the parameter array, same shape as {@code source}
     * @param source the values; left open
     */
    public static void copy(NDArray target, NDArray source) {
        try (GradientMode off = GradientMode.set(false)) {
            NDArray converted = source.toType(target.getDataType(), false);
            NDArray moved = converted.toDevice(target.getDevice(), false);
            target.set(new NDIndex("..."), moved);
            // Each is a handle of its own (possibly on the source's storage): closing one frees no data it shares.
            if (moved != converted) {
                moved.close();
            }
            if (converted != source) {
                converted.close();
            }
        }
    }
}
