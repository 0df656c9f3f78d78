package dev.dinojvm.engine.eval;

import ai.djl.ndarray.NDManager;
import ai.djl.util.JsonUtils;
import com.google.gson.JsonObject;
import dev.dinojvm.engine.data.ImageSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code dino eval linear}: frozen features of both splits, a linear probe, its top-1 on the test split. */
public final class LinearEvaluation {

    /** The result file, written next to the evaluated checkpoint. */
    public static final String FILE_NAME = "eval-linear.json";

    private LinearEvaluation() {}

    /**
     * @param model the frozen backbone
     * @param network the model run by an inference engine
     * @param train labelled training images
     * @param test labelled test images, with the same classes
     * @param probe the training recipe
     * @param resultDirectory where {@value #FILE_NAME} goes
     * @param out progress and the final {@code linear_top1=} line
     * @return the test top-1 accuracy in percent
     * @throws IOException when an image cannot be read or the result cannot be written
     */
    public static double run(TrainedBackbone model, FeatureNetwork network, ImageSource train, ImageSource test, LinearProbe probe,
            Path resultDirectory, PrintWriter out) throws IOException {
        List<String> classes = train.classNames();
        if (!classes.isEmpty() && !test.classNames().isEmpty() && !classes.equals(test.classNames())) {
            throw new IllegalArgumentException("the train and test splits have different classes: " + classes + " vs " + test.classNames());
        }
        long start = System.nanoTime();
        out.printf("Extracting features of %d training and %d test images with %s on %s%n", train.size(), test.size(),
                model.description(), network.engineName());
        out.flush();
        FrozenFeatures trainFeatures = FrozenFeatures.extract(model, network, train);
        FrozenFeatures testFeatures = FrozenFeatures.extract(model, network, test);
        out.printf(Locale.ROOT, "Features: %d dimensions, %.1f s. Training the linear classifier: %d epochs, batch %d, lr %.6g "
                        + "(%.6g x %d / 256), SGD momentum %.1f, cosine to 0%n",
                trainFeatures.features()[0].length, (System.nanoTime() - start) / 1e9, probe.epochs(), probe.batchSize(),
                probe.peakLearningRate(), probe.baseLearningRate(), probe.batchSize(), LinearClassifier.MOMENTUM);
        out.flush();
        int report = Math.max(1, probe.epochs() / 10);
        double top1;
        double loss;
        try (NDManager manager = model.manager().newSubManager()) {
            LinearProbe.Trained trained = probe.train(manager, trainFeatures.features(), trainFeatures.labels(), classes.size(),
                    (epoch, meanLoss, lr) -> {
                        if ((epoch + 1) % report == 0 || epoch + 1 == probe.epochs()) {
                            out.printf(Locale.ROOT, "epoch %d/%d: loss %.4f, lr %.3g%n", epoch + 1, probe.epochs(), meanLoss, lr);
                            out.flush();
                        }
                    });
            try (LinearClassifier classifier = trained.classifier()) {
                top1 = LinearProbe.top1(classifier, testFeatures.features(), testFeatures.labels());
            }
            loss = trained.lastEpochLoss();
        }
        JsonObject json = new JsonObject();
        json.addProperty("model", model.description());
        json.addProperty("train_images", train.size());
        json.addProperty("test_images", test.size());
        json.addProperty("classes", classes.size());
        json.addProperty("epochs", probe.epochs());
        json.addProperty("batch_size", probe.batchSize());
        json.addProperty("lr", probe.baseLearningRate());
        json.addProperty("effective_lr", probe.peakLearningRate());
        json.addProperty("features", "CLS token of the last block after norm, fixed centre crops");
        json.addProperty("train_loss_last_epoch", loss);
        json.addProperty("linear_top1", top1);
        Path file = resultDirectory.resolve(FILE_NAME);
        Files.writeString(file, JsonUtils.GSON_PRETTY.toJson(json) + "\n", StandardCharsets.UTF_8);
        out.printf(Locale.ROOT, "Top-1 on %d test images: %.2f %% (%s, %.1f s)%n", test.size(), top1, file,
                (System.nanoTime() - start) / 1e9);
        out.printf(Locale.ROOT, "linear_top1=%.2f%n", top1);
        out.flush();
        return top1;
    }
}
