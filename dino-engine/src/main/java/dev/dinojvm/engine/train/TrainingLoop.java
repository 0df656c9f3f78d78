package dev.dinojvm.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.dinojvm.engine.data.CropBatch;
import dev.dinojvm.engine.util.Seeds;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/**
 * The training loop: steps from a start iteration to a stop, with everything else left to
 * {@link TrainingListener}s. {@code dino train}, the service and {@code dino bench} all run it.
 */
public final class TrainingLoop {

    private final DinoTrainer trainer;
    private final BatchSource batches;
    private final int batchSize;
    private final long seed;
    private final List<TrainingListener> listeners;

    /**
     * @param trainer the trainer, restored from a checkpoint when resuming
     * @param batches where the batches come from
     * @param batchSize images per batch
     * @param seed the run seed; each step seeds libtorch from it and the iteration, so that a resumed
     *     run draws the same numbers (stochastic depth) as an uninterrupted one
     * @param listeners called in this order
     */
    public TrainingLoop(DinoTrainer trainer, BatchSource batches, int batchSize, long seed, List<TrainingListener> listeners) {
        this.trainer = trainer;
        this.batches = batches;
        this.batchSize = batchSize;
        this.seed = seed;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Trains iterations {@code start .. stop-1}.
     *
     * @param manager the training manager
     * @param start the first iteration
     * @param stop the iteration to stop at
     * @return how the run ended
     * @throws IOException when a listener cannot write its output
     */
    public RunOutcome run(NDManager manager, long start, long stop) throws IOException {
        TrainingRun run = new TrainingRun(trainer, start, stop, batchSize, manager.getDevice());
        for (TrainingListener listener : listeners) {
            listener.onRunStart(run);
        }
        RunOutcome outcome = train(run, manager);
        for (TrainingListener listener : listeners) {
            listener.onRunEnd(run, outcome);
        }
        return outcome;
    }

    private RunOutcome train(TrainingRun run, NDManager manager) throws IOException {
        long perEpoch = run.recipe().iterationsPerEpoch();
        Throughput throughput = new Throughput();
        Iterator<CropBatch> epochBatches = null;
        int epoch = -1;
        for (long iteration = run.start(); iteration < run.stop(); iteration++) {
            if (epochBatches == null || iteration % perEpoch == 0) {
                epoch = (int) (iteration / perEpoch);
                epochBatches = batches.epoch(epoch, (int) (iteration % perEpoch));
            }
            CropBatch batch = epochBatches.next();
            long done = iteration + 1;
            boolean epochEnd = done % perEpoch == 0;
            // Reading the loss waits for the step to finish on a GPU: only the steps a listener needs are read
            // (docs/performance.md), and those that end an epoch or the run.
            boolean readLoss = epochEnd || done == run.stop() || needsLossAfter(done);
            DinoTrainer.StepResult result;
            try {
                result = step(iteration, batch, readLoss);
            } catch (NonFiniteLossException e) {
                return new RunOutcome(RunOutcome.Kind.DIVERGED, iteration, e.getMessage());
            }
            throughput.record(batchSize);
            if (result.lossRead()) {
                IterationEvent event = new IterationEvent(result, epoch, done, throughput.imagesPerSecond(),
                        throughput.secondsPerIteration(), throughput.elapsedSeconds());
                for (TrainingListener listener : listeners) {
                    listener.onIteration(run, event);
                }
                if (epochEnd) {
                    for (TrainingListener listener : listeners) {
                        listener.onEpochEnd(run, event);
                    }
                }
            }
            // Asked after every step, delivered or not: a termination signal waits for the stop (StopOnTermination).
            if (done < run.stop() && listeners.stream().anyMatch(TrainingListener::stopRequested)) {
                return new RunOutcome(RunOutcome.Kind.STOPPED, done, "");
            }
        }
        return RunOutcome.completed(Math.max(run.start(), run.stop()));
    }

    private boolean needsLossAfter(long done) {
        return listeners.stream().anyMatch(listener -> listener.needsLossAfter(done));
    }

    private DinoTrainer.StepResult step(long iteration, CropBatch batch, boolean readLoss) {
        Engine.getInstance().setRandomSeed(Seeds.iterationSeed(seed, iteration));
        return trainer.step(iteration, batch, readLoss);
    }
}
