package dev.dinojvm.engine.runtime;

import ai.djl.Device;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.EngineKeys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Turns {@code dino.train.device} ({@code auto}, {@code cpu} or {@code gpu}) into a DJL device, and
 * {@code dino.train.devices} into the devices of a data-parallel run.
 */
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

    /**
     * The devices that train together, one replica each; the first holds the master weights.
     *
     * @param mode {@code dino.train.device}
     * @param devices {@code dino.train.devices}: {@code all}, a count, or GPU indices such as {@code 0,1,3}
     * @return the devices
     * @throws ConfigException when they do not exist here
     */
    public static List<Device> selectAll(String mode, String devices) {
        return selectAll(mode, devices, DjlRuntime.initialise().getGpuCount());
    }

    /**
     * @param mode {@code auto}, {@code cpu} or {@code gpu}
     * @param devices {@code all}, a count, or GPU indices
     * @param gpuCount how many GPUs PyTorch sees
     * @return the devices
     */
    static List<Device> selectAll(String mode, String devices, int gpuCount) {
        Device first = select(mode, gpuCount);
        String value = devices.trim();
        if (value.equals("all")) {
            return first.isGpu() ? IntStream.range(0, gpuCount).mapToObj(Device::gpu).toList() : List.of(first);
        }
        if (!value.contains(",")) {
            int count = Integer.parseInt(value);
            if (!first.isGpu()) {
                return Collections.nCopies(count, first); // several replicas on the CPU: the data-parallel path, for tests
            }
            if (count > gpuCount) {
                throw devicesProblem(count + " GPUs asked for, but PyTorch sees " + gpuCount);
            }
            return IntStream.range(0, count).mapToObj(Device::gpu).toList();
        }
        if (!first.isGpu()) {
            throw devicesProblem("GPU indices " + value + " need " + EngineKeys.TRAIN_DEVICE + " = gpu or auto on a machine with GPUs");
        }
        List<Device> result = new ArrayList<>();
        for (String index : value.split(",")) {
            int gpu = Integer.parseInt(index.trim());
            if (gpu >= gpuCount) {
                throw devicesProblem("GPU " + gpu + " asked for, but PyTorch sees " + gpuCount + " (indices 0 to " + (gpuCount - 1) + ")");
            }
            result.add(Device.gpu(gpu));
        }
        return List.copyOf(result);
    }

    private static ConfigException devicesProblem(String message) {
        return new ConfigException(List.of(new ConfigProblem(EngineKeys.TRAIN_DEVICES, message)));
    }
}
