package dev.dinojvm.engine.util;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Sets libtorch's gradient recording for the current thread and restores it on close.
 *
 * <p>Written here rather than using DJL's {@code GradientCollector}: that class allows one collector in
 * the whole process at a time, while data-parallel replicas record their backward passes on their own
 * threads at once (libtorch's grad mode is per thread). Also for in-place writes into parameters
 * ({@link ParameterWrites}).
 */
public final class GradientMode implements AutoCloseable {

    private final boolean previous;

    private GradientMode(boolean enabled) {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(enabled);
    }

    /**
     * @param enabled whether operations record a graph for backward
     * @return the scope, to close
     */
    public static GradientMode set(boolean enabled) {
        return new GradientMode(enabled);
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
