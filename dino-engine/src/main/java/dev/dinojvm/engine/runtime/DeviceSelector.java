package dev.dinojvm.engine.runtime;

import ai.djl.Device;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.EngineKeys;
import java.util.List;

/** Turns {@code dino.train.device} ({@code auto}, {@code cpu} or {@code gpu}) into a DJL device. */
public final class DeviceSelector {

    private DeviceSelector() {}

    /**
     * Starts the engine if needed and picks the device.
     *
     * @param mode {@code auto}: the first GPU when PyTorch sees one, else the CPU; {@code cpu}; {@code gpu}
     * @return the device to train on
     * @throws ConfigException when {@code gpu} is asked for and PyTorch sees none
     */
    public static Device select(String mode) {
        return select(mode, DjlRuntime.initialise().getGpuCount());
    }

    /**
     * @param mode {@code auto}, {@code cpu} or {@code gpu}
     * @param gpuCount how many GPUs PyTorch sees
     * @return the device to train on
     */
    static Device select(String mode, int gpuCount) {
        switch (mode.trim()) {
            case "auto":
                return gpuCount > 0 ? Device.gpu() : Device.cpu();
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (gpuCount == 0) {
                    throw new ConfigException(List.of(new ConfigProblem(EngineKeys.TRAIN_DEVICE,
                            "gpu asked for, but PyTorch sees no GPU (this engine bundles the CPU build of libtorch; "
                                    + "use cpu or auto, or point PYTORCH_LIBRARY_PATH at a CUDA build)")));
                }
                return Device.gpu();
            default:
                throw new IllegalArgumentException(EngineKeys.TRAIN_DEVICE + ": '" + mode + "' is not one of auto, cpu, gpu");
        }
    }
}
