package dev.dinojvm.engine.job;

import dev.dinojvm.engine.metrics.DemoComparisonMetrics;
import dev.dinojvm.engine.metrics.IterationMetrics;
import dev.dinojvm.engine.metrics.KnnMetrics;
import dev.dinojvm.engine.tensorboard.EventFileWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Appends one JSON object per iteration to {@code metrics.jsonl}, and the same values as TensorBoard
 * scalars to an event file in {@code tb/} beside it, both from the record's schema ({@code metrics} package).
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
     * @param metrics the iteration's record
     * @throws IOException on failure
     */
    public void append(IterationMetrics metrics) throws IOException {
        write(metrics.iteration(), IterationMetrics.SCHEMA.json(metrics), IterationMetrics.SCHEMA.scalars(metrics));
    }

    /**
     * Logs a k-NN evaluation as its own line (no loss).
     *
     * @param metrics the evaluation, at the last iteration before it (so that a resume from the following
     *     checkpoint keeps the line)
     * @throws IOException on failure
     */
    public void append(KnnMetrics metrics) throws IOException {
        write(metrics.iteration(), KnnMetrics.SCHEMA.json(metrics), KnnMetrics.SCHEMA.scalars(metrics));
    }

    /**
     * Logs the end-of-run comparison of the trained network with its random initialisation and raw pixels.
     *
     * @param metrics the comparison
     * @throws IOException on failure
     */
    public void append(DemoComparisonMetrics metrics) throws IOException {
        write(metrics.iteration(), DemoComparisonMetrics.SCHEMA.json(metrics), DemoComparisonMetrics.SCHEMA.scalars(metrics));
    }

    private void write(long iteration, String line, Map<String, Double> scalars) throws IOException {
        writer.write(line);
        writer.newLine();
        writer.flush(); // one small write per iteration: a crash loses nothing, and `tail -f` shows progress
        if (!scalars.isEmpty()) {
            events.scalars(iteration, scalars);
        }
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
