package dev.dinojvm.engine.runtime;

import ai.djl.engine.Engine;
import dev.dinojvm.engine.util.Messages;

/**
 * Starts DJL's PyTorch engine once per process, offline, and turns a failure to load libtorch into
 * one clear line.
 */
public final class DjlRuntime {

    /** The DJL engine every part of the engine uses. */
    public static final String ENGINE_NAME = "PyTorch";

    private static Engine engine;

    private DjlRuntime() {}

    /**
     * Forbids DJL any download: the native library comes from the pytorch-native jar on the class
     * path (or {@code PYTORCH_LIBRARY_PATH}). Must run before DJL's {@code Engine} class is touched.
     */
    public static void forbidDownloads() {
        System.setProperty("ai.djl.offline", "true");
    }

    /** @return which libtorch this process loads (or loaded), and why */
    public static NativeLibrarySelection selection() {
        return NativeLibrarySelection.detect(System.getenv());
    }

    /**
     * Loads the PyTorch engine, on the first call only: offline from the bundled CPU build, unless
     * {@link NativeLibrarySelection} allows DJL to download the CUDA build.
     *
     * @return the engine
     * @throws EngineUnavailableException when the native library cannot be loaded
     */
    public static synchronized Engine initialise() {
        if (engine == null) {
            NativeLibrarySelection selection = selection();
            if (!selection.download()) {
                forbidDownloads();
            }
            try {
                engine = selection.download() ? loadDownloading(selection) : Engine.getEngine(ENGINE_NAME);
            } catch (RuntimeException | LinkageError e) {
                throw new EngineUnavailableException(failureMessage(e), e);
            }
        }
        return engine;
    }

    /**
     * DJL prefers a libtorch bundled on the class path to any download; it finds it by listing
     * {@code native/lib/pytorch.properties} through the context class loader. Hiding that resource
     * while the engine loads makes DJL take its download path, with the flavour given.
     */
    private static Engine loadDownloading(NativeLibrarySelection selection) {
        System.setProperty("ai.djl.offline", "false");
        if (System.getenv("PYTORCH_FLAVOR") == null) {
            System.setProperty("PYTORCH_FLAVOR", selection.flavor().orElseThrow());
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(new WithoutBundledLibtorch(previous));
        try {
            return Engine.getEngine(ENGINE_NAME);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * @param failure what DJL threw
     * @return one line naming the root cause and the environment variables that choose libtorch
     */
    static String failureMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String cause = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return Messages.oneLine("cannot load the PyTorch native library (" + cause + "); point PYTORCH_LIBRARY_PATH at a libtorch "
                + "directory, or set PYTORCH_VERSION and PYTORCH_FLAVOR (e.g. cpu) to match the bundled pytorch-native jar");
    }
}
