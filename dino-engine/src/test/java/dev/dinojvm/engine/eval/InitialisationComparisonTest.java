package dev.dinojvm.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.data.ImageSources;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The three k-NN figures of the closing comparison against a plain-Java k-NN (cosine similarity,
 * weighted vote) over the same features, on 300 embedded training images as the bank and 60 test
 * images as the queries.
 */
class InitialisationComparisonTest {

    private static final int K = 5;
    private static final double T = 0.07;
    private static final int SIZE = 28;
    /** Stands in for the network at initialisation: the top half of each image's pixels. */
    private static final UnaryOperator<NDArray> TOP_HALF =
            images -> images.get(new NDIndex(":, :, :14, :")).reshape(images.getShape().get(0), -1);

    @Test
    void theTrainedTheInitialAndTheRawPixelFiguresAreThoseOfTheirFeatures() throws IOException {
        ImageSource bank = ImageSources.open(ImageSources.EMBEDDED_FASHION_MNIST, "train", 300);
        ImageSource queries = ImageSources.open(ImageSources.EMBEDDED_FASHION_MNIST, "test", 60);
        InitialisationComparison comparison = new InitialisationComparison(new TrainingKnn(bank, queries, K, T, 1, InputNormalisation.IMAGENET_RGB, System.out));

        InitialisationComparison.Result result;
        double rawPixels;
        double topHalf;
        try (NDManager manager = NDManager.newBaseManager()) {
            // "Trained" is the raw-pixel network itself, so its figure must equal the reference line's.
            result = comparison.compare(manager, InitialisationComparison.RAW_PIXELS, scope -> TOP_HALF, SIZE);
            rawPixels = referenceTop1(manager, bank, queries, SIZE);
            topHalf = referenceTop1(manager, bank, queries, SIZE / 2);
        }

        assertThat(result.trained().top1()).isEqualTo(rawPixels);
        assertThat(result.rawPixels().top1()).isEqualTo(rawPixels);
        assertThat(result.randomInit().top1()).isEqualTo(topHalf);
        assertThat(rawPixels).isNotEqualTo(topHalf);
        assertThat(result.gainPoints()).isEqualTo(rawPixels - topHalf);
        assertThat(result.trained().trainSize()).isEqualTo(300);
        assertThat(result.trained().testSize()).isEqualTo(60);
    }

    @Test
    void theRecordAndTheConsoleLinesStateTheThreeFiguresAndTheGain() {
        KnnResult trained = new KnnResult(20, 0.07, 10000, 2000, 70.25, 95.0);
        KnnResult initial = new KnnResult(20, 0.07, 10000, 2000, 62.5, 93.0);
        KnnResult pixels = new KnnResult(20, 0.07, 10000, 2000, 82.75, 97.0);

        InitialisationComparison.Result result = new InitialisationComparison.Result(trained, initial, pixels, 8.6);

        assertThat(result.gainPoints()).isEqualTo(7.75);
        assertThat(result.toMetrics(1091, 6).json()).isEqualTo("{\"iteration\":1091,\"epoch\":6,\"record\":\"demo_comparison\",\"k\":20,"
                + "\"temperature\":0.07,\"bank\":10000,\"queries\":2000,\"trained_top1\":70.2500,\"random_init_top1\":62.5000,"
                + "\"raw_pixels_top1\":82.7500,\"gain_points\":7.7500,\"seconds\":8.6}");
        assertThat(result.summary()).endsWith("k-NN +7.8 points over random initialisation.")
                .contains("70.25 % trained teacher, 62.50 % the same network at its random initialisation, "
                        + "82.75 % raw pixels (reference, no network)");
    }

    /**
     * k-NN top-1 in plain Java: the evaluation transform's pixels (the first {@code rows} rows of each
     * channel), cosine similarity, the K nearest vote with weight exp(similarity / T), ties to the lower
     * class.
     */
    private static double referenceTop1(NDManager manager, ImageSource bank, ImageSource queries, int rows) throws IOException {
        double[][] bankFeatures = features(manager, bank, rows);
        double[][] queryFeatures = features(manager, queries, rows);
        int correct = 0;
        for (int q = 0; q < queries.size(); q++) {
            double[] query = queryFeatures[q];
            double[] similarity = Arrays.stream(bankFeatures).mapToDouble(row -> dot(row, query)).toArray();
            int[] nearest = IntStream.range(0, bank.size()).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -similarity[i])).limit(K).mapToInt(Integer::intValue).toArray();
            double[] scores = new double[10];
            for (int i : nearest) {
                scores[bank.label(i)] += Math.exp(similarity[i] / T);
            }
            int predicted = 0;
            for (int c = 1; c < scores.length; c++) {
                predicted = scores[c] > scores[predicted] ? c : predicted;
            }
            correct += predicted == queries.label(q) ? 1 : 0;
        }
        return 100.0 * correct / queries.size();
    }

    /** Unit-length feature rows: the transformed pixels of the first {@code rows} rows of each channel. */
    private static double[][] features(NDManager manager, ImageSource source, int rows) throws IOException {
        EvalTransform transform = new EvalTransform(SIZE);
        int perChannel = rows * SIZE;
        double[][] features = new double[source.size()][];
        for (int i = 0; i < source.size(); i++) {
            float[] pixels = transform.apply(source.load(i), manager);
            double[] row = new double[3 * perChannel];
            for (int c = 0; c < 3; c++) {
                for (int j = 0; j < perChannel; j++) {
                    row[c * perChannel + j] = pixels[c * SIZE * SIZE + j];
                }
            }
            double norm = Math.sqrt(dot(row, row));
            features[i] = Arrays.stream(row).map(v -> v / norm).toArray();
        }
        return features;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
