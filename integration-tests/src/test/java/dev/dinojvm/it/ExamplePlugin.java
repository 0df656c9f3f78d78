package dev.dinojvm.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the example third-party plugin (examples/tiny-cnn-plugin) with Maven, as its users would.
 *
 * <p>The example depends on {@code dev.dinojvm:dino-api}, which a clean checkout has built but not
 * installed (and tests must not install into the shared local repository). So the example is built in
 * a throw-away aggregator reactor holding this checkout's dino-api and the example: Maven resolves
 * dino-api from the reactor, everything else offline from the local repository. Nothing is installed.
 */
final class ExamplePlugin {

    static final String JAR = "tiny-cnn-plugin-1.0.0.jar";
    static final String BUNDLED_GSON = "2.10.1";

    private ExamplePlugin() {}

    /**
     * @param workDir a scratch directory for the aggregator POM and the build log
     * @return the built plugin jar
     */
    static Path build(Path workDir) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("dino.root", "..")).toAbsolutePath().normalize();
        Path example = root.resolve("examples/tiny-cnn-plugin");
        Path aggregator = Files.createDirectories(workDir.resolve("example-build"));
        Files.writeString(aggregator.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>dev.dinojvm.it</groupId>
                  <artifactId>example-plugin-build</artifactId>
                  <version>0</version>
                  <packaging>pom</packaging>
                  <modules>
                    <module>%s</module>
                    <module>%s</module>
                  </modules>
                </project>
                """.formatted(aggregator.relativize(root.resolve("dino-api")), aggregator.relativize(example)));
        Path log = aggregator.resolve("build.log");
        // Not offline: on a fresh machine the example's build plugins (shade) are not in the local
        // repository until this build fetches them from Maven Central.
        Process maven = new ProcessBuilder(mavenCommand(), "-q", "-B", "-DskipTests", "-f",
                aggregator.resolve("pom.xml").toString(), "package")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!maven.waitFor(10, TimeUnit.MINUTES)) {
            maven.destroyForcibly();
            throw new AssertionError("the example plugin build did not finish:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        Path jar = example.resolve("target").resolve(JAR);
        if (maven.exitValue() != 0 || !Files.isRegularFile(jar)) {
            throw new AssertionError("the example plugin does not build (exit " + maven.exitValue() + "):\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return jar;
    }

    /** The Maven running these tests, else {@code mvn} from the PATH. */
    private static String mavenCommand() {
        String home = System.getProperty("maven.home");
        if (home != null && !home.isBlank()) {
            File mvn = Path.of(home, "bin", "mvn").toFile();
            if (mvn.canExecute()) {
                return mvn.getPath();
            }
        }
        return "mvn";
    }

    /** @return the versions of the Gson jars the packaged engine ships */
    static List<String> engineGsonVersions() throws IOException {
        Path lib = Path.of(System.getProperty("dino.app")).getParent().resolve("lib/main");
        try (var files = Files.list(lib)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("com.google.code.gson.gson-"))
                    .map(name -> name.substring("com.google.code.gson.gson-".length(), name.length() - ".jar".length()))
                    .toList();
        }
    }
}
