package dev.dinojvm.engine.plugin;

/**
 * Makes a class loader the current thread's context class loader until closed, then restores the
 * previous one. Wrap every call into plugin code, so that libraries the plugin uses and that look
 * classes up through the context loader ({@code ServiceLoader.load(X.class)}, resource lookups,
 * JSON/XML frameworks) see the plugin's own classes:
 *
 * <pre>{@code
 * try (ContextLoaderSwap swap = ContextLoaderSwap.of(augmentation)) {
 *     views = augmentation.apply(image, random);
 * }
 * }</pre>
 *
 * <p>Close it on the thread that opened it, as try-with-resources does.
 */
public final class ContextLoaderSwap implements AutoCloseable {

    private final Thread thread;
    private final ClassLoader previous;

    private ContextLoaderSwap(ClassLoader loader) {
        this.thread = Thread.currentThread();
        this.previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
    }

    /**
     * @param loader the loader to make the context loader
     * @return the swap, to be closed
     */
    public static ContextLoaderSwap to(ClassLoader loader) {
        return new ContextLoaderSwap(loader);
    }

    /**
     * @param pluginObject a component, or an object a component created (augmentation, teacher-update
     *     rule, backbone)
     * @return the swap to the loader that defined its class: a drop-in plugin's own loader, or the
     *     engine's for the built-in plugins
     */
    public static ContextLoaderSwap of(Object pluginObject) {
        ClassLoader loader = pluginObject.getClass().getClassLoader();
        // Only a JDK class has none; keep the current loader rather than hide the engine's classes.
        return new ContextLoaderSwap(loader != null ? loader : Thread.currentThread().getContextClassLoader());
    }

    /** Restores the context loader that was current when this swap was made. */
    @Override
    public void close() {
        thread.setContextClassLoader(previous);
    }
}
