package dev.dinojvm.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;

/**
 * The training objective (since SPI 1.5): the loss the student minimises, from the outputs of student and teacher,
 * and the state it keeps between iterations (such as DINO's running centre).
 *
 * <p>Each step, the engine splits its batch into shares (accumulation micro-batches, each across the devices' replicas)
 * and calls {@link #loss} once per share, possibly on several threads at once; every share's terms are weighted by its
 * part of the whole batch so that the gradients add up to those of the whole batch. After the optimizer step and the
 * teacher update it sums the shares' {@link #statistics()} over the replicas, micro-batches and processes and hands the
 * sums to {@link #update}, so that the state moves exactly as with the whole batch on one device.
 *
 * <p>{@link #loss} must only read the state (several replicas run it at once); {@link #update} is the one place it
 * changes. Arrays a method returns belong to the manager of the batch it was given.
 */
public interface Objective extends AutoCloseable {

    /** @return the names of the loss terms, in the order {@link ObjectiveOutput#terms()} gives them (e.g. {@code dino}) */
    List<String> termNames();

    /**
     * @return whether {@link ObjectiveBatch} must hold patch outputs at masked patches (the engine then draws masks
     *     and needs a backbone that implements {@link MaskedTokens})
     */
    default boolean needsPatchOutputs() {
        return false;
    }

    /** @return whether {@link ObjectiveBatch#studentFeatures()} must hold the student's backbone features */
    default boolean needsStudentFeatures() {
        return false;
    }

    /**
     * @return whether the loss is a function of the whole batch that shares cannot add up to (e.g. a nearest neighbour in
     *     the batch): the engine then refuses accumulation and several devices
     */
    default boolean needsWholeBatch() {
        return false;
    }

    /**
     * @return the statistics each share contributes to {@link #update}, by name, with their shapes (float32); empty for
     *     an objective without state
     */
    default Map<String, Shape> statistics() {
        return Map.of();
    }

    /**
     * Computes the loss terms of one share, called with gradient recording on.
     *
     * @param batch the share's outputs and the iteration's schedule values
     * @return the terms, and the share's statistics
     */
    ObjectiveOutput loss(ObjectiveBatch batch);

    /**
     * The mean entropy of the teacher's target distributions, the collapse diagnostic ({@code teacher_entropy} in the
     * metrics, with the teacher-student KL as the loss minus it). Called only on iterations that read the loss.
     *
     * @param batch the share, as given to {@link #loss}
     * @return a scalar without gradient, or {@code null} when the objective has no such distributions
     */
    default NDArray teacherEntropy(ObjectiveBatch batch) {
        return null;
    }

    /**
     * What this process adds to the sums over processes, from its own sums over its replicas and micro-batches: the
     * default adds them as they are. Override it for a statistic that the reference averages per process first (DINOv2's
     * iBOT centre averages each process's mean).
     *
     * @param processSums this process's sums and counts
     * @return the arrays to sum over the processes, by the same names and shapes
     */
    default Map<String, NDArray> processContribution(StatisticSums processSums) {
        return processSums.arrays();
    }

    /**
     * Updates the state after the iteration's optimizer step and teacher update (also on a step the optimizer skipped),
     * called with gradient recording off.
     *
     * @param sums each statistic summed over the whole global batch (the processes' {@link #processContribution}s), with
     *     this process's counts
     */
    default void update(StatisticSums sums) {}

    /**
     * @return the state a checkpoint keeps, by name (unique within the objective): the arrays themselves, read by the
     *     engine when it saves
     */
    default Map<String, NDArray> state() {
        return Map.of();
    }

    /**
     * Replaces the state from a checkpoint. The engine checks that every name of {@link #state()} is present first.
     *
     * @param stored the stored arrays by name, on the host; they are closed after the call: copy what you keep
     */
    default void restoreState(Map<String, NDArray> stored) {}

    /** Frees the state. */
    @Override
    default void close() {}
}
