package dev.dinojvm.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** The packaged dino CLI run as a real process, its output captured to a file. */
final class DinoProcess implements AutoCloseable {

    /** Where the engine's jar holds the Gloo binding (dino-engine's GlooNative). */
    private static final String GLOO_BINDING = "native/linux-x86_64/libdino_gloo.so";

    private final Process process;
    private final Path log;

    private DinoProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java -jar quarkus-run.jar args...} in {@code workDir}.
     *
     * @param workDir working directory (relative paths in args resolve against it)
     * @param jvmOptions extra JVM options
     * @param args CLI arguments
     */
    static DinoProcess start(Path workDir, List<String> jvmOptions, String... args) throws IOException {
        Path app = packagedApp();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dai.djl.offline=true");
        command.add("-jar");
        command.add(app.toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile(workDir, "dino-", ".log");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new DinoProcess(process, log);
    }

    /**
     * Whether the packaged application holds the Gloo binding: the build includes it only where Debian's
     * libgloo-dev was installed when Maven started, so the binding's presence is read from what was
     * built, not from the machine.
     */
    static boolean packagedWithGlooBinding() throws IOException {
        Path libraries = packagedApp().resolveSibling("app");
        try (Stream<Path> jars = Files.list(libraries)) {
            for (Path jar : jars.filter(path -> path.toString().endsWith(".jar")).toList()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    if (file.getEntry(GLOO_BINDING) != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static Path packagedApp() {
        String app = System.getProperty("dino.app");
        if (app == null || !Files.isRegularFile(Path.of(app))) {
            throw new IllegalStateException("the packaged CLI is missing (" + app + "): build dino-engine first");
        }
        return Path.of(app);
    }

    /** Runs to completion. */
    static Result run(Path workDir, String... args) throws Exception {
        try (DinoProcess p = start(workDir, List.of(), args)) {
            return p.await(Duration.ofMinutes(5));
        }
    }

    Result await(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("dino did not finish within " + timeout + "; output:\n" + output());
        }
        return new Result(process.exitValue(), output());
    }

    /** Sends SIGKILL, as a crash or kill -9 would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    long pid() {
        return process.pid();
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    record Result(int exitCode, String output) {}
}
