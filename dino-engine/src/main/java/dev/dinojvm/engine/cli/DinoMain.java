package dev.dinojvm.engine.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

/**
 * The entry point: turns the HTTP server on for {@code dino serve} only (it is off by default, see
 * application.properties), so that no other command opens a port, then runs the command line.
 * Replaces quarkus-picocli's own runner, which cannot configure Quarkus before start-up.
 */
@QuarkusMain
public class DinoMain implements QuarkusApplication {

    @Inject
    CommandLine commandLine;

    /** @param args the command line */
    public static void main(String... args) {
        ServeOptions.systemProperties(args).forEach(System::setProperty);
        Quarkus.run(DinoMain.class, args);
    }

    @Override
    public int run(String... args) {
        return commandLine.execute(args);
    }
}
