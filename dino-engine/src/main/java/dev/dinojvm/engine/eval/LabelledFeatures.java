package dev.dinojvm.engine.eval;

import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.data.SkipReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Features of a labelled source with their classes.
 *
 * @param features one row per image, in data order
 * @param labels the class of each image, an index into {@code classNames}
 * @param classNames the class names
 * @param skipped the images that could not be read, left out of {@code features}
 */
public record LabelledFeatures(float[][] features, int[] labels, List<String> classNames, List<SkipReport.SkippedImage> skipped) {

    /**
     * Extracts the features of the first {@code count} images of a labelled source; images that cannot be read
     * are left out and listed in {@link #skipped}.
     *
     * @param extractor the backbone
     * @param source the images
     * @param what what the source is, for the error message (e.g. "--train data")
     * @param count how many images
     * @param progress told the number of images done
     * @return features and labels
     * @throws IllegalArgumentException when the source has no labels
     * @throws IOException when none of the images can be read
     */
    public static LabelledFeatures extract(FeatureExtractor extractor, ImageSource source, String what, int count,
            IntConsumer progress) throws IOException {
        requireLabels(source, what);
        FeatureExtractor.ReadableFeatures readable;
        try {
            readable = extractor.extractReadable(source, count, progress);
        } catch (IOException e) {
            throw new IOException(what + ": " + e.getMessage(), e);
        }
        int[] labels = new int[readable.indices().length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = source.label(readable.indices()[i]);
        }
        return new LabelledFeatures(readable.features(), labels, source.classNames(), readable.skipped());
    }

    /**
     * @param what what the images are, e.g. "k-NN bank"
     * @return a one-line note naming the first images that could not be read, or empty when all could
     */
    public Optional<String> skippedNote(String what) {
        if (skipped.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("note: " + what + ": " + new SkipReport(skipped).summary("left out"));
    }

    /**
     * @param source a data source
     * @param what what it is, for the message
     * @throws IllegalArgumentException when it is unlabeled
     */
    public static void requireLabels(ImageSource source, String what) {
        if (source.classNames().isEmpty()) {
            throw new IllegalArgumentException(what + " has no labels: k-NN needs classes "
                    + "(IDX label files next to the images, or images in one subfolder per class)");
        }
    }

    /**
     * Classifies {@code test} against this bank. Classes are matched by name; a test class absent from
     * the bank can never be predicted, so its images count as errors.
     *
     * @param classifier the k-NN rule
     * @param test the queries
     * @param manager where the similarities are computed
     * @return the accuracies
     */
    public KnnResult classify(KnnClassifier classifier, LabelledFeatures test, ai.djl.ndarray.NDManager manager) {
        List<String> names = new ArrayList<>(classNames);
        int[] testLabels = new int[test.labels.length];
        for (int i = 0; i < testLabels.length; i++) {
            String name = test.classNames.get(test.labels[i]);
            int index = names.indexOf(name);
            if (index < 0) {
                names.add(name);
                index = names.size() - 1;
            }
            testLabels[i] = index;
        }
        return classifier.classify(features, labels, test.features, testLabels, names.size(), manager);
    }
}
