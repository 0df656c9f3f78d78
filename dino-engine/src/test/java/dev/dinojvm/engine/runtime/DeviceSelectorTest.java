package dev.dinojvm.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.dinojvm.engine.config.ConfigException;
import org.junit.jupiter.api.Test;

class DeviceSelectorTest {

    @Test
    void autoTakesTheFirstGpuOnlyWhenThereIsOne() {
        assertThat(DeviceSelector.select("auto", 0)).isEqualTo(Device.cpu());
        assertThat(DeviceSelector.select("auto", 2)).isEqualTo(Device.gpu(0));
    }

    @Test
    void cpuAndGpuAreTakenAsAsked() {
        assertThat(DeviceSelector.select("cpu", 4)).isEqualTo(Device.cpu());
        assertThat(DeviceSelector.select("gpu", 1)).isEqualTo(Device.gpu(0));
    }

    @Test
    void gpuWithoutAGpuIsAConfigurationError() {
        assertThatThrownBy(() -> DeviceSelector.select("gpu", 0))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).key()).isEqualTo("dino.train.device");
                    assertThat(e.problems().get(0).message()).contains("no GPU");
                });
    }

    @Test
    void theRealEngineLoadsOfflineOnceAndCpuIsAlwaysAvailable() {
        assertThat(DjlRuntime.initialise().getEngineName()).isEqualTo("PyTorch");
        assertThat(DjlRuntime.initialise()).isSameAs(DjlRuntime.initialise());
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        assertThat(DeviceSelector.select("cpu")).isEqualTo(Device.cpu());
    }

    @Test
    void aNativeLibraryFailureBecomesOneLineNamingTheVariablesToCheck() {
        Throwable failure = new IllegalStateException("Failed to load PyTorch native library",
                new UnsatisfiedLinkError("libtorch_cpu.so: cannot open shared object file\n  (no such file)"));

        String message = DjlRuntime.failureMessage(failure);

        assertThat(message).doesNotContain("\n")
                .contains("UnsatisfiedLinkError: libtorch_cpu.so: cannot open shared object file (no such file)")
                .contains("PYTORCH_LIBRARY_PATH").contains("PYTORCH_VERSION").contains("PYTORCH_FLAVOR");
    }
}
