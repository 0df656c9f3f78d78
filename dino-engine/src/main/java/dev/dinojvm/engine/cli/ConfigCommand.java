package dev.dinojvm.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dino config}: groups {@code show} and {@code presets}. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Inspect the effective configuration and the presets.",
        subcommands = {ConfigShowCommand.class, ConfigPresetsCommand.class})
public class ConfigCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new MissingSubcommandException(spec.commandLine());
    }
}
