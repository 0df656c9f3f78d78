package dev.dinojvm.engine.eval;

import ai.djl.ndarray.NDManager;
import dev.dinojvm.api.RandomPermutation;
import java.util.Random;

/**
 * Trains a {@link LinearClassifier} on fixed features with the reference's schedule: the learning rate
 * {@code lr × batch / 256}, annealed per epoch by cosine to 0 ({@code CosineAnnealingLR(T_max=epochs,
 * eta_min=0)} stepped after each epoch), the data reshuffled each epoch and the last, smaller batch kept.
 *
 * @param epochs number of epochs
 * @param baseLearningRate the reference's {@code --lr}, before scaling by batch / 256
 * @param batchSize images per step
 * @param seed for the initial weight and the shuffling
 */
public record LinearProbe(int epochs, double baseLearningRate, int batchSize, long seed) {

    /** Checks the values. */
    public LinearProbe {
        if (epochs <= 0 || batchSize <= 0 || !(baseLearningRate > 0)) {
            throw new IllegalArgumentException("epochs, batch size and learning rate must be positive");
        }
    }

    /** @return the learning rate of the first epoch, {@code lr × batch / 256} */
    public double peakLearningRate() {
        return baseLearningRate * batchSize / 256.0;
    }

    /**
     * @param epoch from 0
     * @return {@code peak × (1 + cos(π × epoch / epochs)) / 2}
     */
    public double learningRate(int epoch) {
        return peakLearningRate() * (1 + Math.cos(Math.PI * epoch / epochs)) / 2;
    }

    /**
     * @param manager where the classifier's parameters live
     * @param features one row per image
     * @param labels class indices
     * @param classes number of classes
     * @param afterEpoch called with each finished epoch's index (for progress); may be null
     * @return the trained classifier (close it)
     */
    public Trained train(NDManager manager, float[][] features, int[] labels, int classes, EpochListener afterEpoch) {
        Random random = new Random(seed);
        LinearClassifier classifier = LinearClassifier.initialised(manager, features[0].length, classes, random);
        double loss = Double.NaN;
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] order = RandomPermutation.of(new Random(seed * 31 + epoch), features.length);
            double sum = 0;
            int steps = 0;
            for (int start = 0; start < order.length; start += batchSize) {
                int size = Math.min(batchSize, order.length - start);
                float[][] x = new float[size][];
                int[] y = new int[size];
                for (int i = 0; i < size; i++) {
                    x[i] = features[order[start + i]];
                    y[i] = labels[order[start + i]];
                }
                sum += classifier.step(x, y, learningRate(epoch));
                steps++;
            }
            loss = sum / steps;
            if (afterEpoch != null) {
                afterEpoch.finished(epoch, loss, learningRate(epoch));
            }
        }
        return new Trained(classifier, loss);
    }

    /**
     * @param classifier a trained classifier
     * @param features one row per image
     * @param labels the true classes
     * @return top-1 accuracy in percent
     */
    public static double top1(LinearClassifier classifier, float[][] features, int[] labels) {
        int correct = 0;
        int chunk = 1024;
        for (int start = 0; start < features.length; start += chunk) {
            int size = Math.min(chunk, features.length - start);
            float[][] x = new float[size][];
            System.arraycopy(features, start, x, 0, size);
            int[] predicted = classifier.predict(x);
            for (int i = 0; i < size; i++) {
                if (predicted[i] == labels[start + i]) {
                    correct++;
                }
            }
        }
        return 100.0 * correct / features.length;
    }

    /** Progress callback. */
    @FunctionalInterface
    public interface EpochListener {
        /**
         * @param epoch the finished epoch, from 0
         * @param meanLoss its mean cross-entropy over steps
         * @param learningRate its learning rate
         */
        void finished(int epoch, double meanLoss, double learningRate);
    }

    /**
     * @param classifier the trained classifier
     * @param lastEpochLoss the last epoch's mean loss
     */
    public record Trained(LinearClassifier classifier, double lastEpochLoss) {}
}
