package dev.dinojvm.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dinojvm.engine.data.pixels.PixelInputException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class ErrorReporterTest {

    @Test
    void refusedImageInputIsBadInputEvenWhenWrapped() {
        PixelInputException refused = new PixelInputException("x.npy holds an array of shape (7,) (1 dimension)");

        for (Exception failure : new Exception[] {refused, new UncheckedIOException(refused), new IllegalStateException("loading", refused)}) {
            StringWriter err = new StringWriter();
            int exit = run(failure, err);

            assertThat(exit).isEqualTo(2);
            assertThat(err.toString()).isEqualTo("error: x.npy holds an array of shape (7,) (1 dimension)" + System.lineSeparator());
        }
    }

    @Test
    void otherFailuresStayFailures() {
        StringWriter err = new StringWriter();

        assertThat(run(new IllegalStateException("diverged"), err)).isEqualTo(1);
        assertThat(err.toString()).contains("error: diverged").contains("(run with --debug for the stack trace)");
    }

    private static int run(Exception failure, StringWriter err) {
        ErrorReporter reporter = new ErrorReporter(Map.of());
        // A command built without annotations: a @Command class on the test class path would become a Quarkus bean.
        Callable<Integer> command = () -> {
            throw failure;
        };
        return new CommandLine(CommandSpec.wrapWithoutInspection(command)).setErr(new PrintWriter(err)).setExecutionExceptionHandler(reporter)
                .setParameterExceptionHandler(reporter).execute();
    }
}
