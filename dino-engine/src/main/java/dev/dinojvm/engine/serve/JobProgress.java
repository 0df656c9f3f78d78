package dev.dinojvm.engine.serve;

import dev.dinojvm.engine.train.IterationEvent;
import dev.dinojvm.engine.train.ResidentMemory;
import dev.dinojvm.engine.train.TrainingRun;

/**
 * A running job's latest iteration, as the API shows it.
 *
 * @param epoch current epoch, from 1
 * @param epochs configured epochs
 * @param iteration iterations trained, resumed ones included
 * @param total iterations this run trains to
 * @param loss the latest loss
 * @param imagesPerSecond recent throughput
 * @param etaSeconds estimated seconds to the end
 * @param learningRate the scheduled learning rate
 * @param weightDecay the scheduled weight decay
 * @param teacherTemperature the scheduled teacher temperature
 * @param teacherMomentum the teacher's EMA momentum
 * @param residentMemoryMib the service process's resident memory in MiB (-1 where unknown)
 * @param teacherEntropy the teacher's mean entropy (the collapse diagnostic), {@code null} when the step did not read it
 * @param teacherStudentKl the KL divergence between teacher and student, {@code null} likewise
 */
public record JobProgress(int epoch, int epochs, long iteration, long total, double loss, double imagesPerSecond,
        double etaSeconds, double learningRate, double weightDecay, double teacherTemperature, double teacherMomentum,
        double residentMemoryMib, Double teacherEntropy, Double teacherStudentKl) {

    static JobProgress of(TrainingRun run, IterationEvent e) {
        return new JobProgress(e.epoch() + 1, run.recipe().epochs(), e.iterationsDone(), run.stop(), e.step().loss(), e.imagesPerSecond(),
                e.etaSeconds(run.stop()), e.step().values().learningRate(), e.step().values().weightDecay(),
                e.step().values().teacherTemperature(), e.step().teacherMomentum(), ResidentMemory.mebibytes(),
                finite(e.step().teacherEntropy()), finite(e.step().teacherStudentKl()));
    }

    private static Double finite(float value) {
        return Float.isFinite(value) ? (double) value : null;
    }
}
