package dev.dinojvm.engine.cli;

import picocli.CommandLine.Command;

/** {@code dino data}: groups {@code inspect} and {@code prepare}. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Look at a data set before training on it, or decode an image folder once for faster training.",
        subcommands = {DataInspectCommand.class, DataPrepareCommand.class})
public class DataCommand extends CommandGroup {}
