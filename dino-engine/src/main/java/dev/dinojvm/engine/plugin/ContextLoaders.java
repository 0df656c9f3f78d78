package dev.dinojvm.engine.plugin;

import java.util.function.Supplier;

/** Runs code with a given thread context class loader, restoring the previous one afterwards. */
final class ContextLoaders {

    private ContextLoaders() {}

    static <T> T call(ClassLoader loader, Supplier<T> call) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (previous == loader) {
            return call.get();
        }
        thread.setContextClassLoader(loader);
        try {
            return call.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
