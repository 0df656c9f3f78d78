package dev.dinojvm.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The weighted vote of eval_knn.knn_classifier on 2-D points whose votes are computed by hand. */
class KnnClassifierTest {

    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    /**
     * The query (1, 0) has one class-0 neighbour at cosine similarity 1 (stored at length 2: features
     * are normalised) and two class-1 neighbours at similarity 0.8. Class 0 scores exp(1/T), class 1
     * 2·exp(0.8/T): at T = 0.07 the nearer minority wins (1.6e6 against 1.8e5), at T = 1 the majority
     * (2.72 against 4.45).
     */
    @Test
    void theTemperatureDecidesBetweenANearerMinorityAndAFartherMajority() {
        float[][] bank = {{2, 0}, {0.8f, 0.6f}, {0.8f, -0.6f}, {-1, 0}};
        int[] bankLabels = {0, 1, 1, 2};
        float[][] queries = {{1, 0}};

        assertThat(Math.exp(1 / 0.07)).isGreaterThan(2 * Math.exp(0.8 / 0.07));
        assertThat(Math.exp(1 / 1.0)).isLessThan(2 * Math.exp(0.8 / 1.0));
        KnnResult sharp = new KnnClassifier(3, 0.07).classify(bank, bankLabels, queries, new int[] {0}, 3, manager);
        KnnResult flat = new KnnClassifier(3, 1.0).classify(bank, bankLabels, queries, new int[] {0}, 3, manager);
        KnnResult flatForClass1 = new KnnClassifier(3, 1.0).classify(bank, bankLabels, queries, new int[] {1}, 3, manager);

        assertThat(sharp.top1()).isEqualTo(100.0);
        assertThat(flat.top1()).isZero();
        assertThat(flatForClass1.top1()).isEqualTo(100.0);
        assertThat(flat.top5()).isEqualTo(100.0); // class 0 is second: within the first min(5, k) = 3
    }

    /**
     * Seven bank points, one per class, at decreasing similarity to the query (1, 0): the classes rank
     * 0, 1, ..., 6. A query of class 4 is in the top 5 but not the top 1; one of class 5 is in neither.
     * Of the four queries, one is right at top-1 (class 0) and three at top-5 (classes 0, 2, 4).
     */
    @Test
    void topFiveCountsTheFirstFiveClassesByScore() {
        float[][] bank = new float[7][];
        int[] bankLabels = new int[7];
        for (int c = 0; c < 7; c++) {
            double angle = 0.2 * c;
            bank[c] = new float[] {(float) Math.cos(angle), (float) Math.sin(angle)};
            bankLabels[c] = c;
        }
        float[][] queries = {{1, 0}, {1, 0}, {1, 0}, {1, 0}};
        int[] queryLabels = {0, 2, 4, 5};

        KnnResult result = new KnnClassifier(7, 0.07).classify(bank, bankLabels, queries, queryLabels, 7, manager);

        assertThat(result.top1()).isCloseTo(25.0, within(1e-9));
        assertThat(result.top5()).isCloseTo(75.0, within(1e-9));
        assertThat(result.trainSize()).isEqualTo(7);
        assertThat(result.testSize()).isEqualTo(4);
    }

    /** With k = 2 only the first min(5, k) = 2 predictions count, even though 7 classes exist. */
    @Test
    void topFiveIsLimitedToKPredictions() {
        float[][] bank = {{1, 0}, {0.9f, 0.1f}, {0, 1}};
        int[] bankLabels = {0, 1, 2};
        KnnResult result = new KnnClassifier(2, 0.07).classify(bank, bankLabels, new float[][] {{1, 0}}, new int[] {2}, 7, manager);

        assertThat(result.top1()).isZero();
        assertThat(result.top5()).isZero(); // class 2 has no vote: it ties with 3..6 after classes 0 and 1, ranked by index
    }

    @Test
    void classesWithEqualScoresRankByIndex() {
        double[] scores = {0, 5, 0, 5};
        assertThat(KnnClassifier.rankOf(1, scores)).isZero();
        assertThat(KnnClassifier.rankOf(3, scores)).isEqualTo(1);
        assertThat(KnnClassifier.rankOf(0, scores)).isEqualTo(2);
        assertThat(KnnClassifier.rankOf(2, scores)).isEqualTo(3);
    }

    @Test
    void kLargerThanTheBankIsRefused() {
        assertThatThrownBy(() -> new KnnClassifier(5, 0.07).classify(new float[][] {{1, 0}}, new int[] {0},
                new float[][] {{1, 0}}, new int[] {0}, 1, manager))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the number of training images (1)");
    }
}
