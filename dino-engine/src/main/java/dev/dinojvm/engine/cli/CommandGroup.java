package dev.dinojvm.engine.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands ({@code dino eval}, {@code dino plugins}, {@code dino config}, {@code dino data}): alone, it shows its usage and fails. */
abstract class CommandGroup implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new MissingSubcommandException(spec.commandLine());
    }
}
