package dev.dinojvm.engine.serve;

import com.sun.management.OperatingSystemMXBean;
import dev.dinojvm.engine.train.ResidentMemory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;

/**
 * The service's Prometheus metrics ({@code /q/metrics}): jobs by state, iterations trained, current
 * throughput, host and process memory. Training runs on the CPU here, so there is no GPU memory
 * gauge: none is reported rather than a made-up value.
 */
final class ServeMetrics {

    private final Counter iterations;

    ServeMetrics(MeterRegistry registry, JobService jobs) {
        for (JobState state : JobState.values()) {
            Gauge.builder("dino.jobs", jobs, j -> j.count(state)).tag("state", state.name())
                    .description("Jobs of the service by state").register(registry);
        }
        iterations = Counter.builder("dino.training.iterations").description("Training iterations trained by the service")
                .register(registry);
        Gauge.builder("dino.training.images.per.second", jobs, JobService::imagesPerSecond)
                .description("Recent training throughput, summed over running jobs").register(registry);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Gauge.builder("dino.host.memory.total.bytes", os, OperatingSystemMXBean::getTotalMemorySize)
                .description("Physical memory of the host").register(registry);
        Gauge.builder("dino.host.memory.free.bytes", os, OperatingSystemMXBean::getFreeMemorySize)
                .description("Free physical memory of the host").register(registry);
        Gauge.builder("dino.process.memory.resident.bytes", () -> ResidentMemory.mebibytes() * 1024 * 1024)
                .description("Resident memory of the service (Java heap and libtorch tensors)").register(registry);
    }

    void iterationTrained() {
        iterations.increment();
    }
}
