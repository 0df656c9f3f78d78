package dev.dinojvm.engine.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident memory (Java heap plus native memory such as libtorch tensors). */
public final class ResidentMemory {

    private static final Path STATM = Path.of("/proc/self/statm");
    private static final Path STATUS = Path.of("/proc/self/status");
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

    /** @return the peak resident memory of the process so far ({@code VmHWM}) in MiB, or -1 where /proc is not available */
    public static double peakMebibytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    // "VmHWM:    123456 kB"
                    return Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").trim()) / 1024.0;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
