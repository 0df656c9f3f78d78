package dev.dinojvm.engine.eval;

import java.util.Locale;

/**
 * The outcome of a k-NN evaluation.
 *
 * @param k neighbours per query
 * @param temperature T of the vote weights
 * @param trainSize images in the bank
 * @param testSize queries
 * @param top1 top-1 accuracy in percent
 * @param top5 top-5 accuracy in percent
 */
public record KnnResult(int k, double temperature, int trainSize, int testSize, double top1, double top5) {

    /** @return the result as a JSON object */
    public String toJson() {
        return String.format(Locale.ROOT,
                "{\"k\":%d,\"temperature\":%s,\"train_size\":%d,\"test_size\":%d,\"top1\":%.4f,\"top5\":%.4f}",
                k, temperature, trainSize, testSize, top1, top5);
    }
}
