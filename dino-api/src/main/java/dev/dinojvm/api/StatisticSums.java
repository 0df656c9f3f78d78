package dev.dinojvm.api;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * The sums of an {@link Objective}'s statistics that the engine hands back to it (since SPI 1.5).
 *
 * @param arrays each statistic of {@link Objective#statistics()} by name: summed over this process's shares for {@link
 *     Objective#processContribution}, over every process's contributions for {@link Objective#update}; on the device of
 *     {@link ObjectiveSetup#manager()}
 * @param processCounts each count of {@link ObjectiveOutput#counts()} summed over this process's shares (never sent
 *     between processes: the processes' shares are equal, so the global count is this times {@code worldSize})
 * @param worldSize how many processes train together
 */
public record StatisticSums(Map<String, NDArray> arrays, Map<String, Long> processCounts, int worldSize) {

    /** Copies the maps. */
    public StatisticSums {
        arrays = Map.copyOf(arrays);
        processCounts = Map.copyOf(processCounts);
    }
}
