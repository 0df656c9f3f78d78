package dev.dinojvm.engine.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident memory (Java heap plus native memory such as libtorch tensors). */
public final class ResidentMemory {

    private static final Path STATM = Path.of("/proc/self/statm");
    private static final long PAGE_SIZE = 4096;

    private ResidentMemory() {}

    /** @return resident memory in MiB, or -1 where /proc is not available */
    public static double mebibytes() {
        try {
            String[] fields = Files.readString(STATM).trim().split("\\s+");
            return Long.parseLong(fields[1]) * PAGE_SIZE / (1024.0 * 1024.0);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
