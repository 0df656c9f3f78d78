package dev.dinojvm.engine.cli;

import picocli.CommandLine.Command;

/** {@code dino eval}: evaluations of a trained backbone. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a trained backbone.",
        subcommands = {EvalKnnCommand.class, EvalLinearCommand.class})
public class EvalCommand extends CommandGroup {
}
