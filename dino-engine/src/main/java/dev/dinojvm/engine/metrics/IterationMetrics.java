package dev.dinojvm.engine.metrics;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What one training iteration reports: a line of {@code metrics.jsonl} and the TensorBoard scalars at its
 * step. To report something more, add a component here and its line to {@link #SCHEMA}, and its row to the
 * table in docs/metrics.md ({@code MetricsDocumentationTest} fails until the row is there).
 *
 * @param iteration the global iteration, from 0
 * @param epoch its epoch, from 0
 * @param loss the loss of the step
 * @param lossTerms the loss's terms by name (their sum is the loss), in order
 * @param lr the learning rate of the step
 * @param weightDecay the weight decay of the step
 * @param teacherMomentum the teacher update's momentum of the step
 * @param teacherTemperature the teacher temperature of the epoch
 * @param imagesPerSecond recent throughput
 * @param rssMb the process's resident memory in MiB, empty where the system does not say
 * @param devices the devices (replicas) that computed the step
 * @param teacherEntropy the mean entropy of the teacher's sharpened output, empty on steps that did not read the loss
 * @param teacherStudentKl the mean KL divergence from the teacher's output to the student's, empty likewise
 * @param lossScale the fp16 loss scale, empty without fp16
 * @param skippedSteps steps skipped for non-finite fp16 gradients so far, empty without fp16
 * @param deviceMemoryMb memory in use on each GPU in MiB, empty on the CPU
 * @param time seconds since this process started training
 */
public record IterationMetrics(long iteration, int epoch, double loss, Map<String, Double> lossTerms, double lr, double weightDecay, double teacherMomentum,
        double teacherTemperature, double imagesPerSecond, OptionalDouble rssMb, int devices, OptionalDouble teacherEntropy,
        OptionalDouble teacherStudentKl, OptionalDouble lossScale,
        OptionalLong skippedSteps, double[] deviceMemoryMb, double time) {

    /** The fields, in file order. */
    public static final RecordSchema<IterationMetrics> SCHEMA = new RecordSchema<>("iteration", List.of(
            Field.key("iteration", IterationMetrics::iteration),
            Field.key("epoch", IterationMetrics::epoch),
            Field.scalar("train", "loss", "%.6f", IterationMetrics::loss),
            Field.scalar("train", "loss_terms", "%.6f", m -> m.lossTerms().isEmpty() ? null : m.lossTerms()),
            Field.scalar("train", "lr", "%.6e", IterationMetrics::lr),
            Field.scalar("train", "weight_decay", "%.6f", IterationMetrics::weightDecay),
            Field.scalar("train", "teacher_momentum", "%.6f", IterationMetrics::teacherMomentum),
            Field.scalar("train", "teacher_temperature", "%.4f", IterationMetrics::teacherTemperature),
            Field.scalar("system", "images_per_second", "%.2f", IterationMetrics::imagesPerSecond),
            Field.scalar("system", "rss_mb", "%.1f", m -> present(m.rssMb())),
            Field.scalar("system", "devices", "%s", IterationMetrics::devices),
            Field.scalar("train", "teacher_entropy", "%.6f", m -> present(m.teacherEntropy())),
            Field.scalar("train", "teacher_student_kl", "%.6f", m -> present(m.teacherStudentKl())),
            Field.scalar("train", "loss_scale", "%.1f", m -> present(m.lossScale())),
            Field.scalar("train", "skipped_steps", "%s", m -> m.skippedSteps().isPresent() ? m.skippedSteps().getAsLong() : null),
            Field.scalar("system", "device_memory_mb", "%.1f", m -> m.deviceMemoryMb().length > 0 ? m.deviceMemoryMb() : null),
            Field.key("time", "%.3f", IterationMetrics::time)));

    /** @return the line of metrics.jsonl */
    public String json() {
        return SCHEMA.json(this);
    }

    private static Double present(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
