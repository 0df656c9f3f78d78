package dev.dinojvm.engine.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.config.EngineSettings;
import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.data.ImageSources;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * k-NN evaluation during training: the train split of the training data is the bank, its test split
 * the queries, opened once and evaluated with the current network at the end of every {@code
 * dino.eval.knn-every} epochs.
 */
public final class TrainingKnn {

    /** Images per forward pass of the feature extraction. */
    private static final int BATCH = 128;

    private final ImageSource bank;
    private final ImageSource queries;
    private final KnnClassifier classifier;
    private final int every;

    /**
     * @param bank labelled bank images
     * @param queries labelled queries
     * @param k neighbours (at most the bank's size)
     * @param temperature T of the votes
     * @param every evaluate after every this many epochs
     */
    public TrainingKnn(ImageSource bank, ImageSource queries, int k, double temperature, int every) {
        this.bank = bank;
        this.queries = queries;
        this.classifier = new KnnClassifier(k, temperature);
        this.every = every;
    }

    /**
     * Reads the {@code dino.eval.*} keys.
     *
     * @param settings the run's settings
     * @param out where to explain why the evaluation is off, when it was asked for but cannot run
     * @return the evaluator, or empty when {@code dino.eval.knn-every} is 0 or the data has no labels or no test split
     * @throws IOException when the data cannot be read
     */
    public static Optional<TrainingKnn> fromSettings(DinoSettings settings, PrintStream out) throws IOException {
        EngineSettings.Eval eval = settings.engine().eval();
        if (eval.knnEvery() == 0) {
            return Optional.empty();
        }
        String path = settings.engine().data().path();
        ImageSource bank = ImageSources.open(path, "train", eval.knnTrainLimit());
        ImageSource queries;
        try {
            queries = ImageSources.open(path, "test", eval.knnTestLimit());
        } catch (IllegalArgumentException e) {
            out.println("note: no k-NN evaluation during training: the data has no test split (" + e.getMessage() + ")");
            return Optional.empty();
        }
        if (bank.classNames().isEmpty() || queries.classNames().isEmpty()) {
            out.println("note: no k-NN evaluation during training: " + path + " has no labels");
            return Optional.empty();
        }
        int k = eval.knnK();
        if (k > bank.size()) {
            out.println("note: k-NN with k=" + bank.size() + " instead of " + k + ": the bank has only " + bank.size() + " images");
            k = bank.size();
        }
        return Optional.of(new TrainingKnn(bank, queries, k, eval.knnTemperature(), eval.knnEvery()));
    }

    /**
     * @param completedEpochs epochs done so far
     * @return whether to evaluate now
     */
    public boolean due(int completedEpochs) {
        return completedEpochs > 0 && completedEpochs % every == 0;
    }

    /**
     * @param manager the network's manager; batches run in sub-managers of it
     * @param network images {@code (B, 3, S, S)} to features {@code (B, D)}
     * @param imageSize S
     * @return the accuracies
     * @throws IOException when an image cannot be read
     */
    public KnnResult evaluate(NDManager manager, UnaryOperator<NDArray> network, int imageSize) throws IOException {
        FeatureExtractor extractor = new FeatureExtractor(manager, network, imageSize, BATCH);
        LabelledFeatures bankFeatures = LabelledFeatures.extract(extractor, bank, "the bank", bank.size(), done -> { });
        LabelledFeatures queryFeatures = LabelledFeatures.extract(extractor, queries, "the queries", queries.size(), done -> { });
        return bankFeatures.classify(classifier, queryFeatures, manager);
    }
}
