package dev.dinojvm.engine.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private Stream<String> names() throws IOException {
        return Files.list(dir).map(p -> p.getFileName().toString());
    }

    @Test
    void writesAndReplacesAFileLeavingNoTemporary() throws IOException {
        Path file = dir.resolve("job.json");
        AtomicFiles.writeString(file, "first");
        AtomicFiles.write(file, "second".getBytes());
        assertThat(Files.readString(file)).isEqualTo("second");
        assertThat(names()).containsExactly("job.json");
    }

    @Test
    void aFailedWriteKeepsTheOldContentAndRemovesItsTemporary() throws IOException {
        Path file = dir.resolve("backbone.safetensors");
        AtomicFiles.writeString(file, "old");
        assertThatThrownBy(() -> AtomicFiles.write(file, temporary -> {
            Files.writeString(temporary, "half of the new");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(file)).isEqualTo("old");
        assertThat(names()).containsExactly("backbone.safetensors");
    }

    @Test
    void replacesADirectoryWholeAndKeepsTheOldOneWhenFillingFails() throws IOException {
        Path checkpoint = dir.resolve("ckpt-000000004");
        AtomicFiles.writeDirectory(checkpoint, temporary -> {
            Files.writeString(temporary.resolve("state.json"), "{}");
            Files.writeString(temporary.resolve("stale.txt"), "from the first write");
        });
        AtomicFiles.writeDirectory(checkpoint, temporary -> Files.writeString(temporary.resolve("state.json"), "{\"iteration\": 4}"));
        try (Stream<Path> files = Files.list(checkpoint)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
        }
        assertThat(Files.readString(checkpoint.resolve("state.json"))).isEqualTo("{\"iteration\": 4}");

        assertThatThrownBy(() -> AtomicFiles.writeDirectory(checkpoint, temporary -> {
            Files.writeString(temporary.resolve("state.json"), "{\"iteration\": 5}");
            throw new IOException("killed");
        })).hasMessage("killed");
        assertThat(Files.readString(checkpoint.resolve("state.json"))).isEqualTo("{\"iteration\": 4}");
        assertThat(names()).containsExactly("ckpt-000000004");
    }

    @Test
    void deletesATreeAndIgnoresAMissingPath() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("a/b/c"));
        Files.writeString(tree.resolve("f"), "x");
        AtomicFiles.deleteRecursively(dir.resolve("a"));
        AtomicFiles.deleteRecursively(dir.resolve("never-existed"));
        assertThat(names()).isEmpty();
    }
}
