package dev.dinojvm.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.dinojvm.api.CropLayout;
import dev.dinojvm.engine.config.EngineSettings;
import dev.dinojvm.engine.data.CropBatch;
import dev.dinojvm.engine.util.HostReads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TrainingLoopTest {

    private static final CropLayout LAYOUT = new CropLayout(2, 8, 2, 4);
    private static final int BATCH = 3;

    /** Sees every step, records every call it gets, and asks to stop once a given iteration count is reached. */
    private static final class Recorder implements TrainingListener {
        final List<String> calls = new ArrayList<>();
        private final long stopAt;
        private long done;

        Recorder(long stopAt) {
            this.stopAt = stopAt;
        }

        @Override
        public boolean needsLossAfter(long iterationsDone) {
            return true;
        }

        @Override
        public void onRunStart(TrainingRun run) {
            calls.add("start " + run.start() + "-" + run.stop());
        }

        @Override
        public void onIteration(TrainingRun run, IterationEvent event) {
            done = event.iterationsDone();
            calls.add("iteration " + done + " epoch " + event.epoch() + (Float.isFinite(event.step().loss()) ? "" : " no loss"));
        }

        @Override
        public void onEpochEnd(TrainingRun run, IterationEvent event) {
            calls.add("epoch end " + event.epoch());
        }

        @Override
        public boolean stopRequested() {
            return done >= stopAt;
        }

        @Override
        public void onRunEnd(TrainingRun run, RunOutcome outcome) {
            calls.add("end " + outcome.kind() + " " + outcome.iterationsDone());
        }
    }

    private static DinoTrainer trainer(NDManager manager) {
        Engine.getInstance().setRandomSeed(7);
        DinoNetwork student = TinyNetworks.network(manager);
        DinoNetwork teacher = TinyNetworks.network(manager);
        teacher.copyFrom(student);
        TrainingRecipe recipe = new TrainingRecipe(2, 3, new TrainingRecipe.Optimization(0.01, 1e-4, 1, 0.04, 0.4, 3.0, 1, 0), new EngineSettings.Loss(0.04, 0.04, 0, 0.1, 0.9));
        return new DinoTrainer(recipe, student, teacher, new TinyNetworks.RecordingEma(), new int[] {2, 4}, manager);
    }

    private static CropBatch batch(long seed, float poison) {
        Random random = new Random(seed);
        float[] global = new float[2 * BATCH * 3 * 8 * 8];
        float[] local = new float[2 * BATCH * 3 * 4 * 4];
        for (float[] views : List.of(global, local)) {
            for (int i = 0; i < views.length; i++) {
                views[i] = random.nextFloat();
            }
        }
        global[0] += poison;
        return new CropBatch(0, 0, LAYOUT, BATCH, global, local, new int[BATCH], new int[BATCH]);
    }

    /** Batches that differ by epoch and position, with a NaN from the given batch on (never when negative). */
    private static BatchSource batches(int poisonedFrom) {
        return (epoch, first) -> Stream.iterate(first, i -> i + 1)
                .map(i -> batch(epoch * 100L + i, poisonedFrom >= 0 && epoch * 3 + i >= poisonedFrom ? Float.NaN : 0f))
                .iterator();
    }

    private static List<String> run(long start, long stop, long stopAt, int poisonedFrom, RunOutcome[] outcome) throws Exception {
        Recorder recorder = new Recorder(stopAt);
        try (NDManager manager = NDManager.newBaseManager(); DinoTrainer trainer = trainer(manager)) {
            outcome[0] = new TrainingLoop(trainer, batches(poisonedFrom), BATCH, 1, List.of(recorder)).run(manager, start, stop);
        }
        return recorder.calls;
    }

    @Test
    void callsTheListenersAroundEveryStepAndAtEachEpochEnd() throws Exception {
        RunOutcome[] outcome = new RunOutcome[1];
        List<String> calls = run(0, 6, Long.MAX_VALUE, -1, outcome);
        assertThat(calls).containsExactly("start 0-6",
                "iteration 1 epoch 0", "iteration 2 epoch 0", "iteration 3 epoch 0", "epoch end 0",
                "iteration 4 epoch 1", "iteration 5 epoch 1", "iteration 6 epoch 1", "epoch end 1",
                "end COMPLETED 6");
        assertThat(outcome[0].kind()).isEqualTo(RunOutcome.Kind.COMPLETED);
    }

    @Test
    void aStopRequestedDuringAStepWhoseLossIsNotReadStopsAfterThatStep() throws Exception {
        // A termination signal arrives at any step; the run must not go on to the next step whose loss is read.
        TrainingListener signalled = new TrainingListener() {
            @Override
            public boolean stopRequested() {
                return true;
            }
        };
        RunOutcome outcome;
        try (NDManager manager = NDManager.newBaseManager(); DinoTrainer trainer = trainer(manager)) {
            outcome = new TrainingLoop(trainer, batches(-1), BATCH, 1, List.of(signalled)).run(manager, 0, 5);
        }
        assertThat(outcome.kind()).isEqualTo(RunOutcome.Kind.STOPPED);
        assertThat(outcome.iterationsDone()).as("stopped after the first step, not at the epoch end (3)").isEqualTo(1);
    }

    @Test
    void aStepReadsNothingFromTheDeviceUnlessItsLossIsNeeded() throws Exception {
        List<Long> seen = new ArrayList<>();
        TrainingListener everyFourth = new TrainingListener() {
            @Override
            public boolean needsLossAfter(long iterationsDone) {
                return iterationsDone % 4 == 0;
            }

            @Override
            public void onIteration(TrainingRun run, IterationEvent event) {
                seen.add(event.iterationsDone());
            }
        };
        long reads;
        Map<HostReads.Reason, Long> before;
        try (NDManager manager = NDManager.newBaseManager(); DinoTrainer trainer = trainer(manager)) {
            before = HostReads.byReason();
            long total = HostReads.total();
            new TrainingLoop(trainer, batches(-1), BATCH, 1, List.of(everyFourth)).run(manager, 0, 5);
            reads = HostReads.total() - total;
        }
        // 3 iterations per epoch: the epoch ends after 3, the listener asks after 4, the run stops after 5.
        assertThat(seen).containsExactly(3L, 4L, 5L);
        assertThat(reads).as("one read per loss read, nothing on iterations 1 and 2").isEqualTo(3);
        assertThat(HostReads.byReason().get(HostReads.Reason.LOSS) - before.get(HostReads.Reason.LOSS)).isEqualTo(3);
    }

    @Test
    void resumesMidEpochWithTheRightEpochNumbers() throws Exception {
        RunOutcome[] outcome = new RunOutcome[1];
        assertThat(run(2, 4, Long.MAX_VALUE, -1, outcome)).containsExactly("start 2-4",
                "iteration 3 epoch 0", "epoch end 0", "iteration 4 epoch 1", "end COMPLETED 4");
    }

    @Test
    void aListenerStopsTheRunAfterTheStepItAskedAt() throws Exception {
        RunOutcome[] outcome = new RunOutcome[1];
        assertThat(run(0, 6, 2, -1, outcome)).containsExactly("start 0-6",
                "iteration 1 epoch 0", "iteration 2 epoch 0", "end STOPPED 2");
    }

    @Test
    void aStopAskedAtTheLastIterationCompletesTheRun() throws Exception {
        RunOutcome[] outcome = new RunOutcome[1];
        List<String> calls = run(0, 3, 3, -1, outcome);
        assertThat(calls.get(calls.size() - 1)).isEqualTo("end COMPLETED 3");
    }

    @Test
    void aNonFiniteLossEndsTheRunAsDivergedAtTheLastGoodIteration() throws Exception {
        RunOutcome[] outcome = new RunOutcome[1];
        List<String> calls = run(0, 6, Long.MAX_VALUE, 4, outcome);
        assertThat(calls).containsExactly("start 0-6",
                "iteration 1 epoch 0", "iteration 2 epoch 0", "iteration 3 epoch 0", "epoch end 0",
                "iteration 4 epoch 1", "end DIVERGED 4");
        assertThat(outcome[0].message()).contains("iteration").contains("input crops");
    }

    @Test
    void nothingLeftToTrainStillStartsAndEndsTheListeners() throws Exception {
        RunOutcome[] outcome = new RunOutcome[1];
        assertThat(run(6, 6, Long.MAX_VALUE, -1, outcome)).containsExactly("start 6-6", "end COMPLETED 6");
    }
}
