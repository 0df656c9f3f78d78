package dev.dinojvm.engine.cli;

import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.eval.CountProgress;
import dev.dinojvm.engine.eval.FeatureExtractor;
import dev.dinojvm.engine.eval.FeatureNetwork;
import dev.dinojvm.engine.eval.KnnClassifier;
import dev.dinojvm.engine.eval.KnnResult;
import dev.dinojvm.engine.eval.LabelledFeatures;
import dev.dinojvm.engine.eval.TrainedBackbone;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dino eval knn}: weighted k-NN classification with a trained backbone's CLS features, as the
 * official {@code eval_knn.py}. The last line of its output is {@code knn_top1=NN.NN}.
 */
@Command(name = "knn", mixinStandardHelpOptions = true,
        description = "Weighted k-NN accuracy of a trained backbone (DINO's eval_knn): the train split is the bank, "
                + "the test split the queries.")
public class EvalKnnCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TrainedModelOptions model;

    @Mixin
    LabelledSplitsOptions splits;

    @Mixin
    ForwardBatchOption batch;

    @Mixin
    InferenceEngineOptions engine;

    @Option(names = "--k", defaultValue = "20", paramLabel = "K", description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--temperature", defaultValue = "0.07", paramLabel = "T",
            description = "T of the vote weights exp(similarity / T) (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--output", paramLabel = "FILE.json",
            description = "Where to write the result (default: knn.json in the --checkpoint directory).")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (k <= 0 || !(temperature > 0)) {
            throw new ParameterException(spec.commandLine(), "--k and --temperature must be positive");
        }
        int batchSize = batch.images();
        PrintStream out = System.out;
        ImageSource bank = splits.openTrain();
        ImageSource queries = splits.openTest();
        if (k > bank.size()) {
            throw new ParameterException(spec.commandLine(),
                    "--k " + k + " exceeds the " + bank.size() + " images of the bank (--train)");
        }
        try (TrainedBackbone backbone = model.load(); FeatureNetwork network = engine.open(backbone, false)) {
            out.printf("k-NN with the %s on %s: %d bank images (train split of %s), %d queries (test split of %s), k=%d, T=%s%n",
                    backbone.description(), network.engineName(), bank.size(), splits.train, queries.size(), splits.test, k, temperature);
            FeatureExtractor extractor = new FeatureExtractor(backbone.manager(), network::features,
                    backbone.backbone().imageSize(), backbone.normalisation(), batchSize);
            boolean terminal = System.console() != null;
            LabelledFeatures bankFeatures = LabelledFeatures.extract(extractor, bank, "--train", bank.size(),
                    new CountProgress(System.err, terminal, "bank features", bank.size()));
            LabelledFeatures queryFeatures = LabelledFeatures.extract(extractor, queries, "--test", queries.size(),
                    new CountProgress(System.err, terminal, "query features", queries.size()));
            bankFeatures.skippedNote("--train").ifPresent(System.err::println);
            queryFeatures.skippedNote("--test").ifPresent(System.err::println);
            KnnResult result = bankFeatures.classify(new KnnClassifier(k, temperature), queryFeatures, backbone.manager());
            Path json = output != null ? output : model.location().resolve("knn.json");
            Files.writeString(json, json(result) + System.lineSeparator(), StandardCharsets.UTF_8);
            out.printf(Locale.ROOT, "Top-1: %.2f %%  Top-5: %.2f %%%n", result.top1(), result.top5());
            out.println("Wrote " + json);
            out.printf(Locale.ROOT, "knn_top1=%.2f%n", result.top1());
        }
        return 0;
    }

    private String json(KnnResult result) {
        String fields = result.toJson();
        return "{\"checkpoint\":" + Json.string(model.location().toString()) + ",\"network\":"
                + Json.string(model.network) + ",\"train\":" + Json.string(splits.train) + ",\"test\":" + Json.string(splits.test)
                + "," + fields.substring(1);
    }
}
