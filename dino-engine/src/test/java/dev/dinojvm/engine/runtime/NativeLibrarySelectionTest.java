package dev.dinojvm.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibrarySelectionTest {

    @Test
    void withoutTheSwitchTheBundledCpuBuildIsUsedOffline() {
        NativeLibrarySelection selection = NativeLibrarySelection.of(Map.of(), true);
        assertThat(selection.download()).isFalse();
        assertThat(selection.noGpuMessage()).contains("DINO_ALLOW_DOWNLOAD=1").contains("PYTORCH_LIBRARY_PATH").doesNotContain("\n");
    }

    @Test
    void theSwitchOnAMachineWithAnNvidiaDriverDownloadsTheCudaBuild() {
        NativeLibrarySelection selection = NativeLibrarySelection.of(Map.of("DINO_ALLOW_DOWNLOAD", "1"), true);
        assertThat(selection.download()).isTrue();
        assertThat(selection.flavor()).contains("cu128");
        assertThat(NativeLibrarySelection.of(Map.of("DINO_ALLOW_DOWNLOAD", "1", "PYTORCH_FLAVOR", "cu126"), true).flavor())
                .contains("cu126");
    }

    @Test
    void theSwitchWithoutADriverKeepsTheCpuBuildAndSaysWhy() {
        NativeLibrarySelection selection = NativeLibrarySelection.of(Map.of("DINO_ALLOW_DOWNLOAD", "1"), false);
        assertThat(selection.download()).isFalse();
        assertThat(selection.reason()).contains("no NVIDIA driver");
        assertThat(selection.noGpuMessage()).startsWith("gpu asked for, but no NVIDIA driver is loaded").contains("--device cpu")
                .doesNotContain("run with DINO_ALLOW_DOWNLOAD=1").doesNotContain("\n");
    }

    @Test
    void anExplicitLibraryPathWinsOverEverything() {
        NativeLibrarySelection selection = NativeLibrarySelection.of(
                Map.of("DINO_ALLOW_DOWNLOAD", "1", "PYTORCH_LIBRARY_PATH", "/opt/libtorch/lib"), true);
        assertThat(selection.download()).isFalse();
        assertThat(selection.flavor()).isEqualTo(Optional.empty());
        assertThat(selection.reason()).contains("/opt/libtorch/lib");
    }

    @Test
    void theDownloadLoaderHidesOnlyTheBundledLibtorchMarker(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("native/lib"));
        Files.writeString(dir.resolve(WithoutBundledLibtorch.MARKER), "version=2.7.1\n");
        Files.writeString(dir.resolve("native/lib/other.properties"), "x=1\n");
        try (URLClassLoader jar = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertThat(Collections.list(jar.getResources(WithoutBundledLibtorch.MARKER))).hasSize(1);
            WithoutBundledLibtorch hiding = new WithoutBundledLibtorch(jar);
            assertThat(Collections.list(hiding.getResources(WithoutBundledLibtorch.MARKER))).isEmpty();
            assertThat(hiding.getResource(WithoutBundledLibtorch.MARKER)).isNull();
            assertThat(hiding.getResource("native/lib/other.properties")).isNotNull();
        }
    }
}
