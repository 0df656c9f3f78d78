package dev.dinojvm.engine.cli;

import picocli.CommandLine.Command;

/** {@code dino config}: groups {@code show}. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Inspect the effective configuration.",
        subcommands = {ConfigShowCommand.class})
public class ConfigCommand extends CommandGroup {
}
