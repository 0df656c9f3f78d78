package dev.dinojvm.engine.train;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.util.List;

/** Memory in use on the GPUs a run computes on, as CUDA reports it. */
public final class DeviceMemory {

    private static final double MEBIBYTE = 1024.0 * 1024.0;

    private DeviceMemory() {}

    /**
     * @param devices the devices of a run, replicas sharing a device counted once
     * @return MiB in use on each distinct GPU, in order; empty when none is a GPU
     */
    public static double[] mebibytes(List<Device> devices) {
        return devices.stream().distinct().filter(Device::isGpu)
                .mapToDouble(d -> CudaUtils.getGpuMemory(d).getCommitted() / MEBIBYTE).toArray();
    }
}
