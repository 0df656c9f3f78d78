package dev.dinojvm.engine.job;

import dev.dinojvm.engine.metrics.IterationMetrics;
import dev.dinojvm.engine.train.DeviceMemory;
import dev.dinojvm.engine.train.DinoTrainer;
import dev.dinojvm.engine.train.ResidentMemory;
import dev.dinojvm.engine.train.TrainingRecipe;
import dev.dinojvm.engine.train.IterationEvent;
import dev.dinojvm.engine.train.TrainingListener;
import dev.dinojvm.engine.train.TrainingRun;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Appends each read step to {@code metrics.jsonl}; on a GPU it asks for a loss every {@code log-every} steps. */
final class MetricsListener implements TrainingListener {

    private final MetricsLog log;
    private final int logEvery;

    MetricsListener(MetricsLog log, int logEvery) {
        this.log = log;
        this.logEvery = logEvery;
    }

    @Override
    public boolean needsLossAfter(long iterationsDone) {
        return iterationsDone % logEvery == 0;
    }

    @Override
    public void onIteration(TrainingRun run, IterationEvent event) throws IOException {
        log.append(metrics(event.step(), event.epoch(), event.imagesPerSecond(), event.elapsedSeconds(), run.trainer().replicaCount(),
                DeviceMemory.mebibytes(run.trainer().devices()), ResidentMemory.mebibytes()));
    }

    /**
     * @param step the step
     * @param epoch its epoch
     * @param imagesPerSecond recent throughput
     * @param seconds wall time since this process started training
     * @param devices how many devices (replicas) computed the step
     * @param deviceMebibytes memory in use on each GPU, empty on the CPU
     * @param residentMebibytes the process's resident memory, negative where unknown
     * @return what the iteration reports
     */
    static IterationMetrics metrics(DinoTrainer.StepResult step, int epoch, double imagesPerSecond, double seconds, int devices,
            double[] deviceMebibytes, double residentMebibytes) {
        TrainingRecipe.Values v = step.values();
        Map<String, Double> terms = new LinkedHashMap<>();
        step.lossTerms().forEach((name, value) -> terms.put(name, value.doubleValue()));
        return new IterationMetrics(step.iteration(), epoch, step.loss(), terms, v.learningRate(), v.weightDecay(), step.teacherMomentum(),
                v.teacherTemperature(), imagesPerSecond, residentMebibytes >= 0 ? OptionalDouble.of(residentMebibytes) : OptionalDouble.empty(),
                devices, finite(step.teacherEntropy()), finite(step.teacherStudentKl()), step.scalesLoss() ? OptionalDouble.of(step.lossScale()) : OptionalDouble.empty(),
                step.scalesLoss() ? OptionalLong.of(step.skippedSteps()) : OptionalLong.empty(), deviceMebibytes, seconds);
    }

    private static OptionalDouble finite(double value) {
        return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
    }
}
