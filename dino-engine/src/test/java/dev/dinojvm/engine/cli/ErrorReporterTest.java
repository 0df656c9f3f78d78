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
import picocli.CommandLine.Command;

class ErrorReporterTest {

    /** A command that fails with the exception it is given. */
    @Command(name = "fails")
    static final class Failing implements Callable<Integer> {
        private final Exception failure;

        Failing(Exception failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            throw failure;
        }
    }

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
        return new CommandLine(new Failing(failure)).setErr(new PrintWriter(err)).setExecutionExceptionHandler(reporter)
                .setParameterExceptionHandler(reporter).execute();
    }
}
