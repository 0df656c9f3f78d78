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

    /**
     * Loads the PyTorch engine, on the first call only.
     *
     * @return the engine
     * @throws EngineUnavailableException when the native library cannot be loaded
     */
    public static synchronized Engine initialise() {
        if (engine == null) {
            forbidDownloads();
            try {
                engine = Engine.getEngine(ENGINE_NAME);
            } catch (RuntimeException | LinkageError e) {
                throw new EngineUnavailableException(failureMessage(e), e);
            }
        }
        return engine;
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
