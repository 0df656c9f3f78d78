package dev.dinojvm.engine.job;

import dev.dinojvm.engine.train.DinoTrainer;
import dev.dinojvm.engine.train.ResidentMemory;
import dev.dinojvm.engine.train.TrainingRecipe;

import dev.dinojvm.engine.tensorboard.EventFileWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Arrays;
import java.util.Locale;

/**
 * Appends one JSON object per iteration to {@code metrics.jsonl}, and the same values as TensorBoard
 * scalars to an event file in {@code tb/} beside it.
 */
public final class MetricsLog implements AutoCloseable {

    private final BufferedWriter writer;
    private final EventFileWriter events;

    /**
     * Opens the log, first dropping lines of iterations at or after {@code resumeIteration} (a resumed
     * run replays them, so the curve stays one line per iteration), and starts a new event file in
     * {@code tb/} (which, on a resume, tells TensorBoard to drop the replayed iterations of earlier files).
     *
     * @param file the metrics file
     * @param resumeIteration the first iteration this run will log
     * @throws IOException on failure
     */
    public MetricsLog(Path file, long resumeIteration) throws IOException {
        if (Files.exists(file)) {
            List<String> kept = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.endsWith("}") && iterationOf(line) >= 0 && iterationOf(line) < resumeIteration)
                    .toList();
            Files.write(file, kept, StandardCharsets.UTF_8);
        }
        writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        events = new EventFileWriter(file.resolveSibling("tb"), Clock.systemUTC());
        if (resumeIteration > 0) {
            events.resumedAt(resumeIteration);
        }
    }

    /**
     * @param result the step
     * @param epoch its epoch
     * @param imagesPerSecond recent throughput
     * @param seconds wall time since the start of this process
     * @param devices how many devices (replicas) computed the step
     * @param deviceMebibytes memory in use on each GPU, empty on the CPU
     * @throws IOException on failure
     */
    public void append(DinoTrainer.StepResult result, int epoch, double imagesPerSecond, double seconds, int devices,
            double[] deviceMebibytes) throws IOException {
        TrainingRecipe.Values v = result.values();
        double residentMebibytes = ResidentMemory.mebibytes();
        StringBuilder extra = new StringBuilder();
        if (Float.isFinite(result.teacherEntropy())) {
            extra.append(String.format(Locale.ROOT, ",\"teacher_entropy\":%.6f,\"teacher_student_kl\":%.6f",
                    result.teacherEntropy(), result.teacherStudentKl()));
        }
        if (result.scalesLoss()) {
            extra.append(String.format(Locale.ROOT, ",\"loss_scale\":%.1f,\"skipped_steps\":%d", result.lossScale(), result.skippedSteps()));
        }
        if (deviceMebibytes.length > 0) {
            extra.append(",\"device_memory_mb\":").append(Arrays.toString(deviceMebibytes).replace(" ", ""));
        }
        writer.write(String.format(Locale.ROOT,
                "{\"iteration\":%d,\"epoch\":%d,\"loss\":%.6f,\"lr\":%.6e,\"weight_decay\":%.6f,"
                        + "\"teacher_momentum\":%.6f,\"teacher_temperature\":%.4f,\"images_per_second\":%.2f,\"rss_mb\":%.1f,"
                        + "\"devices\":%d%s,\"time\":%.3f}%n",
                result.iteration(), epoch, result.loss(), v.learningRate(), v.weightDecay(), result.teacherMomentum(),
                v.teacherTemperature(), imagesPerSecond, residentMebibytes, devices, extra, seconds));
        writer.flush(); // one small write per iteration: a crash loses nothing, and `tail -f` shows progress
        events.scalars(result.iteration(), TrainingScalars.of(result, imagesPerSecond, residentMebibytes));
    }

    /**
     * Logs a k-NN evaluation as its own line (no loss).
     *
     * @param iteration the last iteration before the evaluation (so that a resume from the following
     *     checkpoint keeps the line)
     * @param epoch its epoch
     * @param result the evaluation
     * @throws IOException on failure
     */
    public void appendKnn(long iteration, int epoch, dev.dinojvm.engine.eval.KnnResult result) throws IOException {
        writer.write(String.format(Locale.ROOT, "{\"iteration\":%d,\"epoch\":%d,\"knn_top1\":%.4f,\"knn_top5\":%.4f}%n",
                iteration, epoch, result.top1(), result.top5()));
        writer.flush();
        events.scalars(iteration, TrainingScalars.of(result));
    }

    /**
     * Logs the end-of-run comparison of the trained network with its random initialisation and raw pixels.
     *
     * @param iteration the last trained iteration
     * @param epoch its epoch
     * @param comparison the comparison
     * @throws IOException on failure
     */
    public void appendComparison(long iteration, int epoch, dev.dinojvm.engine.eval.InitialisationComparison.Result comparison)
            throws IOException {
        writer.write(comparison.toJson(iteration, epoch));
        writer.newLine();
        writer.flush();
    }

    static long iterationOf(String line) {
        int key = line.indexOf("\"iteration\":");
        if (key < 0) {
            return -1;
        }
        int start = key + "\"iteration\":".length();
        int end = start;
        while (end < line.length() && Character.isDigit(line.charAt(end))) {
            end++;
        }
        return end == start ? -1 : Long.parseLong(line.substring(start, end));
    }

    @Override
    public void close() throws IOException {
        try (events) {
            writer.close();
        }
    }
}
