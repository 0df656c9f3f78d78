package dev.dinojvm.engine.cli;

import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.eval.FeatureNetwork;
import dev.dinojvm.engine.eval.LinearEvaluation;
import dev.dinojvm.engine.eval.LinearProbe;
import dev.dinojvm.engine.eval.TrainedBackbone;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dino eval linear}: the reference's linear evaluation on frozen features. */
@Command(name = "linear", mixinStandardHelpOptions = true,
        description = "Train a linear classifier on frozen features (official eval_linear.py recipe, fixed centre crops) "
                + "and print its top-1 accuracy on the test split.")
public class EvalLinearCommand implements Callable<Integer> {

    @Mixin
    TrainedModelOptions model;

    @Mixin
    LabelledSplitsOptions splits;

    @Mixin
    InferenceEngineOptions engine;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "100", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "0.001",
            description = "Learning rate before scaling by batch-size / 256 (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "256", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed of the initial weights and the shuffling.")
    long seed;

    @Override
    public Integer call() throws IOException {
        List<ConfigProblem> problems = new ArrayList<>();
        positive(problems, "--epochs", epochs);
        positive(problems, "--batch-size", batchSize);
        if (!(lr > 0)) {
            problems.add(new ConfigProblem("--lr", "must be positive, got " + lr));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        ImageSource trainImages = splits.openTrain();
        ImageSource testImages = splits.openTest();
        Path results = model.location();
        Files.createDirectories(results);
        try (TrainedBackbone backbone = model.load(); FeatureNetwork network = engine.open(backbone, false)) {
            LinearEvaluation.run(backbone, network, trainImages, testImages, new LinearProbe(epochs, lr, batchSize, seed), results,
                    new PrintWriter(System.out, true));
        }
        return 0;
    }

    private static void positive(List<ConfigProblem> problems, String option, int value) {
        if (value <= 0) {
            problems.add(new ConfigProblem(option, "must be positive, got " + value));
        }
    }
}
