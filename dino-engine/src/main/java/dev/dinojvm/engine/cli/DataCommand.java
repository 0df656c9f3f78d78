package dev.dinojvm.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dino data}: groups the commands that work on a data folder. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Work on a folder of training images.",
        subcommands = {DataPrepareCommand.class})
public class DataCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new MissingSubcommandException(spec.commandLine());
    }
}
