package dev.dinojvm.engine.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --top} of the search commands: how many nearest neighbours each query gets. */
public class NeighboursOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--top", defaultValue = "5", paramLabel = "K", description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
    int top;

    /** @return the neighbours per query, checked to be positive */
    int count() {
        if (top <= 0) {
            throw new ParameterException(mixee.commandLine(), "--top must be positive");
        }
        return top;
    }
}
