package dev.dinojvm.engine.util;

import ai.djl.ndarray.NDArray;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one way the training step reads a device value to the host. On a GPU each read waits for every
 * operation queued before it (a pipeline stall), so each is counted, by reason; the step's code reads
 * device arrays through nothing else ({@code HostReadsArchitectureTest} checks it, {@code
 * HostReadsTest} counts what a step reads). Each thread counts its own reads: a step reads on the thread
 * that calls it (the replicas' threads only compute).
 */
public final class HostReads {

    /** Why a value is read: the reads that remain in a step (docs/performance.md lists them). */
    public enum Reason {
        /** The loss, on the steps a listener asked for it, and checked to be finite. */
        LOSS,
        /** fp16 only: whether any unscaled gradient overflowed, which decides whether the optimizer steps. */
        GRADIENT_OVERFLOW,
        /** After a non-finite loss only: which arrays hold the non-finite values, for the error message. */
        DIVERGENCE_DIAGNOSIS,
        /** Several processes only: Gloo sums host memory, so the gradients and sums are copied to the host. */
        CROSS_PROCESS_SUM,
        /** {@code dino bench --profile} only: waiting for the device at the end of each phase to time it. */
        PHASE_TIMING
    }

    private static final ThreadLocal<long[]> COUNTS = ThreadLocal.withInitial(() -> new long[Reason.values().length]);

    private HostReads() {}

    /**
     * @param scalar a one-element array
     * @param reason why it is read
     * @return its value
     */
    public static float scalar(NDArray scalar, Reason reason) {
        count(reason);
        return scalar.getFloat();
    }

    /**
     * @param flag a one-element boolean array
     * @param reason why it is read
     * @return its value
     */
    public static boolean flag(NDArray flag, Reason reason) {
        count(reason);
        return flag.getBoolean();
    }

    /**
     * @param array a float32 array
     * @param reason why it is read (one read, whatever the array's size)
     * @return its values in host memory
     */
    public static float[] floats(NDArray array, Reason reason) {
        count(reason);
        return array.toFloatArray();
    }

    /**
     * @param array a dense array
     * @param reason why it is read
     * @return its bytes in host memory (a view of the array's own memory when it is on the CPU)
     */
    public static ByteBuffer bytes(NDArray array, Reason reason) {
        count(reason);
        return array.toByteBuffer(true);
    }

    /** @return reads so far on this thread, all reasons together */
    public static long total() {
        long total = 0;
        for (long count : COUNTS.get()) {
            total += count;
        }
        return total;
    }

    /** @return reads so far on this thread, by reason */
    public static Map<Reason, Long> byReason() {
        long[] counts = COUNTS.get();
        Map<Reason, Long> result = new EnumMap<>(Reason.class);
        for (Reason reason : Reason.values()) {
            result.put(reason, counts[reason.ordinal()]);
        }
        return result;
    }

    private static void count(Reason reason) {
        COUNTS.get()[reason.ordinal()]++;
    }
}
