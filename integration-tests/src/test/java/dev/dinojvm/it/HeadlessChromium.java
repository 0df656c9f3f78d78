package dev.dinojvm.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Debian's {@code chromium} run headless on a local file, offline, with its console on stderr. */
final class HeadlessChromium {

    private HeadlessChromium() {}

    /** @return the chromium executable on the PATH, if installed */
    static Optional<Path> find() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(directory, "chromium");
            if (!directory.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * @param chromium the executable
     * @param page the HTML file
     * @param work a scratch directory (profile, logs)
     * @param action {@code --dump-dom} or {@code --screenshot=FILE}
     * @return the exit code, stdout (the DOM for --dump-dom) and stderr (console messages)
     */
    static Result run(Path chromium, Path page, Path work, String action) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(options(chromium, Files.createTempDirectory(work, "chromium-profile")));
        command.addAll(List.of("--window-size=1250,2400", action, page.toUri().toString()));
        Path out = Files.createTempFile(work, "chromium-", ".out");
        Path err = Files.createTempFile(work, "chromium-", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within 2 minutes: " + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** @return the command line of a headless, offline chromium with its console on stderr, without a page */
    static List<String> options(Path chromium, Path profile) {
        return List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--enable-logging=stderr",
                "--v=0", "--user-data-dir=" + profile);
    }

    record Result(int exitCode, String stdout, String stderr) {}
}
