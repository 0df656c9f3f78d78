package dev.dinojvm.engine.bench;

import java.util.List;

/** Small statistics over timings. */
final class Statistics {

    private Statistics() {}

    /**
     * @param values at least one value
     * @return the median (the mean of the two middle values for an even count)
     */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
