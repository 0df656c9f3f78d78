package dev.dinojvm.engine.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --batch-size} of the commands that run a network forward only: images per forward pass. */
public class ForwardBatchOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--batch-size", defaultValue = "128", paramLabel = "N", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    /** @return the images per forward pass, checked to be positive */
    int images() {
        if (batchSize <= 0) {
            throw new ParameterException(mixee.commandLine(), "--batch-size must be positive");
        }
        return batchSize;
    }
}
