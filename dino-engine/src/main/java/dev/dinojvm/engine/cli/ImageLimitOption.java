package dev.dinojvm.engine.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --limit}: how many of a source's images a command uses. Its default is the command's: the
 * field's value when the command creates this mixin (0, all, unless it passes another).
 */
public class ImageLimitOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--limit", paramLabel = "N", description = "Use the first N images (default: ${DEFAULT-VALUE}; 0 = all).")
    int limit;

    /** All images unless {@code --limit} is given. */
    public ImageLimitOption() {
        this(0);
    }

    /** @param byDefault the images a command uses without {@code --limit} */
    ImageLimitOption(int byDefault) {
        this.limit = byDefault;
    }

    /** @return the number of images to use, 0 for all, checked not to be negative */
    int images() {
        if (limit < 0) {
            throw new ParameterException(mixee.commandLine(), "--limit must be 0 (all) or positive");
        }
        return limit;
    }
}
