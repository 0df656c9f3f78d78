package dev.dinojvm.engine.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Lets cuBLAS use TF32 tensor cores for fp32 matrix products ({@code dino.train.precision=tf32}).
 *
 * <p>libtorch reads {@code TORCH_ALLOW_TF32_CUBLAS_OVERRIDE} once, at its first cuBLAS matrix product,
 * and DJL exposes no setter for the matmul precision. Setting the variable in this process before
 * training starts is therefore enough; Java cannot change its own environment, so the C library's
 * {@code setenv} is called through JNA, which DJL already ships. cuDNN convolutions use TF32 by default
 * in libtorch.
 */
public final class Tf32 {

    /** The variable libtorch reads. */
    public static final String VARIABLE = "TORCH_ALLOW_TF32_CUBLAS_OVERRIDE";

    /** The C library's environment call. */
    interface CLibrary extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private Tf32() {}

    /** Sets {@value #VARIABLE}=1 for this process, unless the user set it already. */
    public static void allow() {
        if (System.getenv(VARIABLE) == null) {
            Native.load("c", CLibrary.class).setenv(VARIABLE, "1", 0);
        }
    }
}
