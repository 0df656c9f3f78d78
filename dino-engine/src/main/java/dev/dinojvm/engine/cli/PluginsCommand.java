package dev.dinojvm.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dino plugins}: groups {@code list} and {@code describe}. */
@Command(name = "plugins", mixinStandardHelpOptions = true, description = "Inspect the installed plugins.",
        subcommands = {PluginsListCommand.class, PluginsDescribeCommand.class})
public class PluginsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new MissingSubcommandException(spec.commandLine());
    }
}
