package dev.dinojvm.engine.cli;

import picocli.CommandLine.Command;

/** {@code dino plugins}: groups {@code list} and {@code describe}. */
@Command(name = "plugins", mixinStandardHelpOptions = true, description = "Inspect the installed plugins.",
        subcommands = {PluginsListCommand.class, PluginsDescribeCommand.class})
public class PluginsCommand extends CommandGroup {
}
