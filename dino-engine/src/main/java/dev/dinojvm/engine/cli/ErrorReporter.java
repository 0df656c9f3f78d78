package dev.dinojvm.engine.cli;

import dev.dinojvm.engine.data.DataException;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.data.pixels.PixelInputException;
import dev.dinojvm.engine.plugin.PluginLoadException;
import dev.dinojvm.engine.plugin.PluginProblem;
import dev.dinojvm.engine.util.Messages;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Prints errors as {@code error: ...} lines, without a stack trace unless {@code --debug} or {@code
 * DINO_DEBUG=1}, and chooses the exit code: {@value #USAGE} for usage and configuration errors and for
 * refused image input ({@link PixelInputException}, also when wrapped), {@value #FAILURE} for failures while
 * running.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    /** The command ran into a failure. */
    static final int FAILURE = 1;
    /** The command line or the configuration is wrong: nothing ran. */
    static final int USAGE = 2;

    private final boolean debugFromEnvironment;

    ErrorReporter(Map<String, String> environment) {
        String value = environment.get("DINO_DEBUG");
        this.debugFromEnvironment = value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + ex.getMessage());
        if (!(ex instanceof MissingSubcommandException)) {
            err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
        }
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        int exitCode;
        if (ex instanceof ConfigException) {
            for (ConfigProblem problem : ((ConfigException) ex).problems()) {
                err.println("error: " + problem.key() + ": " + problem.message());
            }
            exitCode = USAGE;
        } else if (ex instanceof PluginLoadException) {
            for (PluginProblem problem : ((PluginLoadException) ex).problems()) {
                err.println("error: " + problem);
            }
            exitCode = USAGE;
        } else if (badInput(ex) != null) {
            err.println("error: " + Messages.oneLine(badInput(ex).getMessage()));
            exitCode = USAGE;
        } else {
            String message = ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage();
            err.println("error: " + Messages.oneLine(message));
            exitCode = FAILURE;
        }
        if (debug(parseResult)) {
            ex.printStackTrace(err);
        } else if (exitCode == FAILURE) {
            err.println("(run with --debug for the stack trace)");
        }
        err.flush();
        return exitCode;
    }

    /** @return the bad data or refused image input that caused {@code ex}, or {@code null} */
    private static Exception badInput(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DataException || cause instanceof PixelInputException) {
                return (Exception) cause;
            }
        }
        return null;
    }

    private boolean debug(ParseResult parseResult) {
        for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return debugFromEnvironment;
    }
}
