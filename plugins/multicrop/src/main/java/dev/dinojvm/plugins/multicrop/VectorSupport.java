package dev.dinojvm.plugins.multicrop;

/**
 * Whether {@link VectorKernels} can run in this JVM. Kept apart from it because verifying that class
 * loads the vector module's classes: where the module is absent (no {@code --add-modules
 * jdk.incubator.vector}), or its classes are not visible to the plugin's class loader (Quarkus's, in its
 * tests), merely reading a field of {@link VectorKernels} would fail.
 */
final class VectorSupport {

    /** Whether the vector module is in the boot layer and every kernel links and runs. */
    static final boolean AVAILABLE = kernelsRun();

    private VectorSupport() {}

    private static boolean kernelsRun() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return VectorKernels.runOnce();
        } catch (LinkageError e) {
            return false;
        }
    }
}
