package dev.dinojvm.engine.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.config.EngineSettings;
import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.data.DataException;
import dev.dinojvm.engine.data.ImageSources;
import dev.dinojvm.engine.data.SkipReport;
import dev.dinojvm.engine.data.SubsetSource;
import dev.dinojvm.engine.config.EngineKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * k-NN evaluation during training: the train split of the training data is the bank, its test split
 * the queries, opened once and evaluated with the current network at the end of every {@code
 * dino.eval.knn-every} epochs, and by the closing comparison of {@code dino.eval.knn-baselines}.
 */
public final class TrainingKnn {

    /** Every this many training images, one is a query when the data has no test split. */
    static final int HELD_OUT_EVERY = 5;
    /** Bank and queries when no limit is set: enough for a stable top-1, bounded for large folders. */
    static final int SPREAD_LIMIT = 10_000;

    /** Images per forward pass of the feature extraction. */
    private static final int BATCH = 128;

    private ImageSource bank;
    private ImageSource queries;
    private final KnnClassifier classifier;
    private final int every;
    private final InputNormalisation normalisation;
    private final PrintStream notes;

    /**
     * @param bank labelled bank images
     * @param queries labelled queries
     * @param k neighbours (at most the bank's size)
     * @param temperature T of the votes
     * @param every evaluate after every this many epochs
     * @param normalisation how the network's training normalised its views
     * @param notes where to say which images cannot be read and are left out
     */
    public TrainingKnn(ImageSource bank, ImageSource queries, int k, double temperature, int every, InputNormalisation normalisation,
            PrintStream notes) {
        this.notes = notes;
        this.bank = bank;
        this.queries = queries;
        this.classifier = new KnnClassifier(k, temperature);
        this.every = every;
        this.normalisation = normalisation;
    }

    /**
     * Reads the {@code dino.eval.*} keys. The queries are the test split (test/ or val/ of a folder); a
     * folder without one gives every {@value #HELD_OUT_EVERY}th training image as queries and the others
     * as the bank, which is said on {@code out}. Without a limit, bank and queries are each at most
     * {@value #SPREAD_LIMIT} images spread over their split.
     *
     * @param settings the run's settings
     * @param out where to explain why the evaluation is off, or which images it uses
     * @return the evaluator, or empty when neither {@code dino.eval.knn-every} nor {@code
     *     dino.eval.knn-baselines} asks for one, or the data has no labels
     * @throws IOException when the data cannot be read
     */
    public static Optional<TrainingKnn> fromSettings(DinoSettings settings, PrintStream out) throws IOException {
        EngineSettings.Eval eval = settings.engine().eval();
        if (eval.knnEvery() == 0 && !eval.knnBaselines()) {
            return Optional.empty();
        }
        String path = settings.engine().data().path();
        ImageSource bank = ImageSources.open(path, "train", eval.knnTrainLimit());
        if (bank.classNames().isEmpty()) {
            out.println("note: no k-NN evaluation: " + path + " has no labels (no class folders)");
            return Optional.empty();
        }
        ImageSource queries;
        try {
            queries = ImageSources.open(path, "test", eval.knnTestLimit());
        } catch (DataException e) {
            ImageSource train = bank;
            bank = SubsetSource.everyNth(train, HELD_OUT_EVERY, false);
            queries = SubsetSource.everyNth(train, HELD_OUT_EVERY, true);
            out.println("note: " + path + " has no test split (no test/ or val/ folder): k-NN evaluation holds out every "
                    + HELD_OUT_EVERY + "th training image (" + queries.size() + ") as queries, with the other " + bank.size()
                    + " as the bank; training still sees all of them");
        }
        if (queries.classNames().isEmpty()) {
            out.println("note: no k-NN evaluation: the test split of " + path + " has no labels");
            return Optional.empty();
        }
        if (!queries.pixelKind().equals(bank.pixelKind())) {
            throw new DataException("the test split of " + path + " holds " + queries.pixelKind().text() + " images but train holds "
                    + bank.pixelKind().text() + ": evaluation needs images of the kind the model is trained on");
        }
        bank = spreadWithoutLimit(bank, eval.knnTrainLimit(), "bank", EngineKeys.EVAL_KNN_TRAIN_LIMIT, out);
        queries = spreadWithoutLimit(queries, eval.knnTestLimit(), "queries", EngineKeys.EVAL_KNN_TEST_LIMIT, out);
        int k = eval.knnK();
        if (k > bank.size()) {
            out.println("note: k-NN with k=" + bank.size() + " instead of " + k + ": the bank has only " + bank.size() + " images");
            k = bank.size();
        }
        return Optional.of(new TrainingKnn(bank, queries, k, eval.knnTemperature(), eval.knnEvery(),
                InputNormalisation.fromConfig(settings.asProperties()), out));
    }

    private static ImageSource spreadWithoutLimit(ImageSource source, int limit, String role, String key, PrintStream out) {
        if (limit > 0 || source.size() <= SPREAD_LIMIT) {
            return source;
        }
        out.println("note: k-NN " + role + ": " + SPREAD_LIMIT + " of " + source.size() + " images, spread over the split ("
                + key + " sets another number)");
        return SubsetSource.spread(source, SPREAD_LIMIT);
    }

    /**
     * @param completedEpochs epochs done so far
     * @return whether to evaluate now
     */
    public boolean due(int completedEpochs) {
        return every > 0 && completedEpochs > 0 && completedEpochs % every == 0;
    }

    /**
     * @param manager the network's manager; batches run in sub-managers of it
     * @param network images {@code (B, C, S, S)} to features {@code (B, D)}
     * @param imageSize S
     * @return the accuracies
     * @throws IOException when none of the bank's or the queries' images can be read
     */
    public KnnResult evaluate(NDManager manager, UnaryOperator<NDArray> network, int imageSize) throws IOException {
        FeatureExtractor extractor = new FeatureExtractor(manager, network, imageSize, normalisation, BATCH);
        LabelledFeatures bankFeatures = LabelledFeatures.extract(extractor, bank, "k-NN bank", bank.size(), done -> { });
        LabelledFeatures queryFeatures = LabelledFeatures.extract(extractor, queries, "k-NN queries", queries.size(), done -> { });
        bank = withoutSkipped(bank, bankFeatures, "k-NN bank");
        queries = withoutSkipped(queries, queryFeatures, "k-NN queries");
        return bankFeatures.classify(classifier, queryFeatures, manager);
    }

    /** Says once which images cannot be read, and leaves them out of later evaluations, which then all use the same images. */
    private ImageSource withoutSkipped(ImageSource source, LabelledFeatures features, String what) {
        features.skippedNote(what).ifPresent(notes::println);
        return SubsetSource.without(source, features.skipped().stream().map(SkipReport.SkippedImage::index)
                .collect(Collectors.toSet()));
    }
}
