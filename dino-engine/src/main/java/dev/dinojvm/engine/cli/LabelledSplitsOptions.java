package dev.dinojvm.engine.cli;

import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.data.ImageSources;
import dev.dinojvm.engine.eval.LabelledFeatures;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Option;

/** The labelled images of an evaluation: the train split of one source, the test split of another. */
public class LabelledSplitsOptions {

    @Option(names = "--train", required = true, paramLabel = "DATA",
            description = "Labelled images whose train split fits the evaluation (the k-NN bank, the linear classifier):"
                    + " an image folder, MNIST IDX files or embedded:fashion-mnist.")
    String train;

    @Option(names = "--test", required = true, paramLabel = "DATA", description = "Labelled images whose test split is classified.")
    String test;

    @Option(names = "--limit-train", defaultValue = "0", paramLabel = "N", description = "Use the first N training images (0 = all).")
    int limitTrain;

    @Option(names = "--limit-test", defaultValue = "0", paramLabel = "N", description = "Use the first N test images (0 = all).")
    int limitTest;

    /** @return the train split of {@code --train}, labelled */
    ImageSource openTrain() throws IOException {
        return open("--train", train, "train", limitTrain, "--limit-train");
    }

    /** @return the test split of {@code --test}, labelled */
    ImageSource openTest() throws IOException {
        return open("--test", test, "test", limitTest, "--limit-test");
    }

    private static ImageSource open(String option, String path, String split, int limit, String limitOption) throws IOException {
        if (limit < 0) {
            throw new ConfigException(List.of(new ConfigProblem(limitOption, "must be 0 (all) or positive, got " + limit)));
        }
        ImageSource source;
        try {
            source = ImageSources.open(path, split, limit);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(new ConfigProblem(option, e.getMessage())));
        }
        LabelledFeatures.requireLabels(source, option + " " + path + " (" + split + " split)");
        return source;
    }
}
