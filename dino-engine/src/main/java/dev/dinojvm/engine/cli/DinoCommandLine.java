package dev.dinojvm.engine.cli;

import dev.dinojvm.engine.runtime.DjlRuntime;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import picocli.CommandLine;

/** Replaces Quarkus' default {@link CommandLine} to install the engine's error reporting. */
@Singleton
public class DinoCommandLine {

    /**
     * @param factory Quarkus' factory of the command tree
     * @return the command line, reporting errors as one {@code error:} line each
     */
    @Produces
    @Singleton
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        // Before any command can touch DJL: it must never download anything.
        DjlRuntime.forbidDownloads();
        ErrorReporter reporter = new ErrorReporter(System.getenv());
        return factory.create()
                .setExecutionExceptionHandler(reporter)
                .setParameterExceptionHandler(reporter);
    }
}
