package dev.dinojvm.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** A command that only groups subcommands was run alone: a usage error, after its usage was printed. */
final class MissingSubcommandException extends ParameterException {

    private static final long serialVersionUID = 1L;

    MissingSubcommandException(CommandLine commandLine) {
        super(commandLine, "'" + commandLine.getCommandName() + "' needs a subcommand: "
                + String.join(", ", commandLine.getSubcommands().keySet()));
    }
}
