package dev.dinojvm.engine.cli;

import picocli.CommandLine.Command;

/** {@code dino config}: groups {@code show} and {@code presets}. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Inspect the effective configuration and the presets.",
        subcommands = {ConfigShowCommand.class, ConfigPresetsCommand.class})
public class ConfigCommand extends CommandGroup {
}
