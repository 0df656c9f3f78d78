package dev.dinojvm.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dino data}: groups {@code inspect}. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Look at a data set before training on it.",
        subcommands = {DataInspectCommand.class})
public class DataCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new MissingSubcommandException(spec.commandLine());
    }
}
