package dev.dinojvm.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.dinojvm.engine.runtime.DjlRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The training core of the linear probe, on features given directly (no backbone). */
class LinearProbeTest {

    @BeforeAll
    static void engine() {
        DjlRuntime.initialise();
    }

    @Test
    void theCosineScheduleScalesByBatchOver256AndReachesZeroAfterTheLastEpoch() {
        LinearProbe probe = new LinearProbe(4, 0.002, 128, 0);

        assertThat(probe.peakLearningRate()).isCloseTo(0.001, within(1e-15));
        assertThat(probe.learningRate(0)).isCloseTo(0.001, within(1e-15));
        assertThat(probe.learningRate(1)).isCloseTo(0.001 * (1 + Math.sqrt(0.5)) / 2, within(1e-15)); // 8.5355e-4
        assertThat(probe.learningRate(2)).isCloseTo(0.0005, within(1e-15));
        assertThat(probe.learningRate(3)).isCloseTo(0.001 * (1 - Math.sqrt(0.5)) / 2, within(1e-15)); // 1.4645e-4
    }

    @Test
    void twoSgdStepsWithMomentumMatchPyTorchsUpdateComputedByHand() {
        float[][] weight = {{0.1f, -0.2f}, {0.3f, 0.05f}};
        float[] bias = {0.01f, -0.02f};
        float[][] x = {{1f, 2f}, {-1f, 0.5f}};
        int[] y = {0, 1};
        Reference reference = new Reference(weight, bias);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                LinearClassifier classifier = new LinearClassifier(manager, weight, bias)) {
            double loss1 = classifier.step(x, y, 0.5);
            double expectedLoss1 = reference.step(x, y, 0.5);
            double loss2 = classifier.step(x, y, 0.25);
            double expectedLoss2 = reference.step(x, y, 0.25);

            assertThat(loss1).isCloseTo(expectedLoss1, within(1e-6));
            assertThat(loss2).isCloseTo(expectedLoss2, within(1e-6));
            assertThat(loss2).isLessThan(loss1);
            for (int c = 0; c < 2; c++) {
                assertThat(classifier.bias()[c]).isCloseTo((float) reference.bias[c], within(1e-6f));
                for (int d = 0; d < 2; d++) {
                    assertThat(classifier.weight()[c][d]).isCloseTo((float) reference.weight[c][d], within(1e-6f));
                }
            }
        }
    }

    @Test
    void theFirstStepByHand() {
        // Zero weights: softmax is uniform (1/2, 1/2); one sample of class 0 with features (2, 4):
        // dL/dlogits = (-1/2, 1/2); dW = outer((-1/2, 1/2), (2, 4)); first momentum buffer = gradient.
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                LinearClassifier classifier = new LinearClassifier(manager, new float[2][2], new float[2])) {
            double loss = classifier.step(new float[][] {{2f, 4f}}, new int[] {0}, 0.1);

            assertThat(loss).isCloseTo(Math.log(2), within(1e-6));
            assertThat(classifier.weight()[0]).containsExactly(new float[] {0.1f, 0.2f}, within(1e-7f));
            assertThat(classifier.weight()[1]).containsExactly(new float[] {-0.1f, -0.2f}, within(1e-7f));
            assertThat(classifier.bias()).containsExactly(new float[] {0.05f, -0.05f}, within(1e-7f));
        }
    }

    @Test
    void aLinearlySeparableSetIsLearnedPerfectly() {
        Random random = new Random(3);
        double[][] centres = {{2, 0, 0}, {0, 2, 0}, {0, 0, 2}};
        List<float[]> features = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            int c = i % 3;
            float[] f = new float[3];
            for (int d = 0; d < 3; d++) {
                f[d] = (float) (centres[c][d] + random.nextGaussian() * 0.3);
            }
            features.add(f);
            labels.add(c);
        }
        float[][] x = features.toArray(new float[0][]);
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        LinearProbe probe = new LinearProbe(20, 8.0, 16, 0); // peak lr 0.5
        List<Double> losses = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            LinearProbe.Trained trained = probe.train(manager, x, y, 3, (epoch, loss, lr) -> losses.add(loss));
            try (LinearClassifier classifier = trained.classifier()) {
                assertThat(LinearProbe.top1(classifier, x, y)).isEqualTo(100.0);
            }
        }
        assertThat(losses).hasSize(20);
        assertThat(losses.get(19)).isLessThan(losses.get(0) / 4);
    }

    /** PyTorch's Linear + CrossEntropyLoss + SGD(momentum=0.9, dampening=0, weight_decay=0), in doubles. */
    private static final class Reference {
        final double[][] weight;
        final double[] bias;
        double[][] weightBuffer;
        double[] biasBuffer;

        Reference(float[][] w, float[] b) {
            weight = new double[w.length][w[0].length];
            bias = new double[b.length];
            for (int c = 0; c < w.length; c++) {
                bias[c] = b[c];
                for (int d = 0; d < w[0].length; d++) {
                    weight[c][d] = w[c][d];
                }
            }
        }

        double step(float[][] x, int[] y, double lr) {
            int classes = weight.length;
            int dim = weight[0].length;
            double[][] gw = new double[classes][dim];
            double[] gb = new double[classes];
            double loss = 0;
            for (int i = 0; i < x.length; i++) {
                double[] logits = new double[classes];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    logits[c] = bias[c];
                    for (int d = 0; d < dim; d++) {
                        logits[c] += weight[c][d] * x[i][d];
                    }
                    max = Math.max(max, logits[c]);
                }
                double z = 0;
                for (int c = 0; c < classes; c++) {
                    z += Math.exp(logits[c] - max);
                }
                loss += -(logits[y[i]] - max - Math.log(z)) / x.length;
                for (int c = 0; c < classes; c++) {
                    double g = (Math.exp(logits[c] - max) / z - (c == y[i] ? 1 : 0)) / x.length;
                    gb[c] += g;
                    for (int d = 0; d < dim; d++) {
                        gw[c][d] += g * x[i][d];
                    }
                }
            }
            if (weightBuffer == null) {
                weightBuffer = gw;
                biasBuffer = gb;
            } else {
                for (int c = 0; c < classes; c++) {
                    biasBuffer[c] = 0.9 * biasBuffer[c] + gb[c];
                    for (int d = 0; d < dim; d++) {
                        weightBuffer[c][d] = 0.9 * weightBuffer[c][d] + gw[c][d];
                    }
                }
            }
            for (int c = 0; c < classes; c++) {
                bias[c] -= lr * biasBuffer[c];
                for (int d = 0; d < dim; d++) {
                    weight[c][d] -= lr * weightBuffer[c][d];
                }
            }
            return loss;
        }
    }
}
