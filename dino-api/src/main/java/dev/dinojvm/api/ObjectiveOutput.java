package dev.dinojvm.api;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an {@link Objective} computed for one share of a batch (since SPI 1.5).
 *
 * @param terms each loss term by name, a scalar with gradient towards the student outputs, in the order of
 *     {@link Objective#termNames()}: the engine adds them up into the loss, weights the share by its part of the batch,
 *     and logs each term ({@code loss_terms} in metrics.jsonl, TensorBoard and the report)
 * @param statistics the share's values of each statistic of {@link Objective#statistics()}, by name, without gradient,
 *     of the declared shapes: the engine sums them over replicas, micro-batches and processes for {@link Objective#update}
 * @param counts whole numbers of the share known on the host (e.g. its rows), by name: the engine sums them over this
 *     process's shares, without a transfer, for {@link StatisticSums#processCounts()}
 */
public record ObjectiveOutput(Map<String, NDArray> terms, Map<String, NDArray> statistics, Map<String, Long> counts) {

    /** Copies the maps, keeping their order. */
    public ObjectiveOutput {
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
        statistics = Collections.unmodifiableMap(new LinkedHashMap<>(statistics));
        counts = Map.copyOf(counts);
    }
}
