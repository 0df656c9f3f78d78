package dev.dinojvm.engine.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files a job's output directory offers for download, addressed by their relative path ({@code
 * metrics.jsonl}, {@code checkpoints/ckpt-000000010/student.safetensors}). A name can only reach a
 * regular file inside the directory: no {@code ..}, no absolute path, no symbolic link out of it.
 */
final class Artifacts {

    /**
     * One downloadable file.
     *
     * @param name its path relative to the output directory, with {@code /} separators
     * @param size its size in bytes
     */
    record Artifact(String name, long size) {}

    private Artifacts() {}

    /** @return the regular files of the output directory (hidden, temporary and lock files left out) */
    static List<Artifact> list(Path output) throws IOException {
        List<Artifact> artifacts = new ArrayList<>();
        if (!Files.isDirectory(output)) {
            return artifacts;
        }
        try (Stream<Path> files = Files.walk(output)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = output.relativize(file);
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !hidden(relative)) {
                    artifacts.add(new Artifact(relative.toString().replace('\\', '/'), Files.size(file)));
                }
            }
        }
        artifacts.sort(java.util.Comparator.comparing(Artifact::name));
        return artifacts;
    }

    /**
     * @param output the job's output directory
     * @param name the requested name, as decoded from the URL
     * @return the file
     * @throws ApiException 400 for a name that tries to leave the directory, 404 when there is no such
     *     artifact
     */
    static Path resolve(Path output, String name) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0) {
            throw invalid(name);
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw invalid(name);
            }
        }
        Path file = output.resolve(name).normalize();
        if (!file.startsWith(output.normalize()) || hidden(output.relativize(file))) {
            throw invalid(name);
        }
        try {
            // Symbolic links anywhere on the way could lead out: compare the real paths.
            Path real = file.toRealPath();
            if (!real.startsWith(output.toRealPath()) || !Files.isRegularFile(real)) {
                throw missing(name);
            }
            return real;
        } catch (IOException e) {
            throw missing(name);
        }
    }

    private static boolean hidden(Path relative) {
        for (Path segment : relative) {
            if (segment.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static ApiException invalid(String name) {
        return new ApiException(400, "invalid artifact name '" + name + "': use a name from the artifact list");
    }

    private static ApiException missing(String name) {
        return new ApiException(404, "no artifact named '" + name + "'");
    }
}
