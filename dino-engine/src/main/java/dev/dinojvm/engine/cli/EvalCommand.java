package dev.dinojvm.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dino eval}: evaluations of a trained backbone. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a trained backbone.",
        subcommands = {EvalKnnCommand.class, EvalLinearCommand.class})
public class EvalCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new MissingSubcommandException(spec.commandLine());
    }
}
