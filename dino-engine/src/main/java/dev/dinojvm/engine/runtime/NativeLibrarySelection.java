package dev.dinojvm.engine.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which libtorch DJL loads. The default is the CPU build bundled in the {@code pytorch-native-cpu} jar,
 * offline. With {@value #ALLOW_DOWNLOAD}=1 on a machine with an NVIDIA driver, DJL itself downloads the
 * CUDA build of the same libtorch into its cache on first use (its own mechanism, once; later runs find
 * it there). {@code PYTORCH_LIBRARY_PATH} keeps priority over both.
 *
 * @param download whether DJL may download, and must look past the bundled CPU build
 * @param flavor the libtorch flavour to download (e.g. {@code cu128}), when downloading
 * @param reason one line saying what was chosen and why
 */
public record NativeLibrarySelection(boolean download, Optional<String> flavor, String reason) {

    /** The switch that allows the download: an environment variable, also read by the launcher. */
    public static final String ALLOW_DOWNLOAD = "DINO_ALLOW_DOWNLOAD";
    /** The CUDA flavour DJL 0.36 publishes for libtorch 2.7.1. */
    static final String DEFAULT_CUDA_FLAVOR = "cu128";
    private static final Path NVIDIA_DRIVER = Path.of("/proc/driver/nvidia/version");
    private static final String NO_DRIVER = "no NVIDIA driver is loaded";

    /**
     * @param environment the process environment
     * @return the selection on this machine
     */
    public static NativeLibrarySelection detect(Map<String, String> environment) {
        return of(environment, Files.exists(NVIDIA_DRIVER));
    }

    /**
     * @param environment the process environment
     * @param nvidiaDriver whether an NVIDIA driver is loaded
     * @return the selection
     */
    static NativeLibrarySelection of(Map<String, String> environment, boolean nvidiaDriver) {
        if (present(environment, "PYTORCH_LIBRARY_PATH")) {
            return new NativeLibrarySelection(false, Optional.empty(),
                    "libtorch from PYTORCH_LIBRARY_PATH=" + environment.get("PYTORCH_LIBRARY_PATH"));
        }
        if (!"1".equals(environment.get(ALLOW_DOWNLOAD))) {
            return new NativeLibrarySelection(false, Optional.empty(), "the bundled CPU build of libtorch (no download allowed)");
        }
        if (!nvidiaDriver) {
            return new NativeLibrarySelection(false, Optional.empty(),
                    "the bundled CPU build of libtorch: " + ALLOW_DOWNLOAD + "=1 but " + NO_DRIVER);
        }
        String flavor = present(environment, "PYTORCH_FLAVOR") ? environment.get("PYTORCH_FLAVOR") : DEFAULT_CUDA_FLAVOR;
        return new NativeLibrarySelection(true, Optional.of(flavor),
                "the " + flavor + " build of libtorch, downloaded by DJL into its cache on first use (" + ALLOW_DOWNLOAD + "=1)");
    }

    /**
     * @return the one message for {@code --device gpu} when the loaded libtorch sees no GPU
     */
    public String noGpuMessage() {
        if (reason.endsWith(NO_DRIVER)) {
            return "gpu asked for, but " + NO_DRIVER + " on this machine, so " + ALLOW_DOWNLOAD + "=1 has nothing to download for: "
                    + "train with --device cpu (or auto) here, or run on a machine with an NVIDIA GPU and its driver";
        }
        if (download) {
            return "gpu asked for, but the downloaded " + flavor.orElse("") + " libtorch sees no GPU; check the driver with nvidia-smi";
        }
        return "gpu asked for, but PyTorch sees no GPU: this is " + reason + ". On a machine with an NVIDIA driver and network, "
                + "run with " + ALLOW_DOWNLOAD + "=1 so that DJL fetches the CUDA build of libtorch 2.7.1, or point "
                + "PYTORCH_LIBRARY_PATH at a CUDA build of libtorch 2.7.1 (with PYTORCH_VERSION=2.7.1 and PYTORCH_FLAVOR=cu128)";
    }

    private static boolean present(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value != null && !value.isBlank();
    }
}
