package dev.dinojvm.engine.train;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Shows training progress: a bar rewritten in place on a terminal, plain lines every few iterations
 * otherwise (logs, CI, pipes).
 */
public final class ProgressDisplay {

    private final PrintStream out;
    private final boolean terminal;
    private final int logEvery;
    private final long totalIterations;
    private boolean barShown;

    /**
     * @param out where to print
     * @param terminal whether {@code out} is an interactive terminal
     * @param logEvery iterations between plain lines when not a terminal
     * @param totalIterations iterations of the whole run, for the bar and the ETA
     */
    public ProgressDisplay(PrintStream out, boolean terminal, int logEvery, long totalIterations) {
        this.out = out;
        this.terminal = terminal;
        this.logEvery = Math.max(1, logEvery);
        this.totalIterations = totalIterations;
    }

    /**
     * @param result the step just done
     * @param epochs epochs of the run
     * @param imagesPerSecond recent throughput
     * @param secondsPerIteration recent time per iteration, for the ETA
     */
    public void update(DinoTrainer.StepResult result, int epochs, double imagesPerSecond, double secondsPerIteration) {
        long done = result.iteration() + 1;
        boolean last = done == totalIterations;
        if (!terminal && done % logEvery != 0 && done != 1 && !last) {
            return;
        }
        int epoch = (int) (result.iteration() / Math.max(1, totalIterations / epochs));
        String eta = format(Duration.ofSeconds(Math.round((totalIterations - done) * secondsPerIteration)));
        String scale = result.scalesLoss()
                ? String.format(Locale.ROOT, "  scale %.0f (%d skipped)", result.lossScale(), result.skippedSteps()) : "";
        String line = String.format(Locale.ROOT, "epoch %d/%d  iter %d/%d  loss %.4f  lr %.2e  momentum %.5f%s  %.1f img/s  ETA %s",
                Math.min(epoch + 1, epochs), epochs, done, totalIterations, result.loss(), result.values().learningRate(),
                result.teacherMomentum(), scale, imagesPerSecond, eta);
        if (terminal) {
            int width = 24;
            int filled = (int) (width * done / Math.max(1, totalIterations));
            out.print("\r[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + line + "   ");
            barShown = true;
            if (last) {
                finish();
            }
        } else {
            out.println(line);
        }
    }

    /** Ends the bar's line so that later output starts on a fresh line. */
    public void finish() {
        if (barShown) {
            out.println();
            barShown = false;
        }
    }

    /**
     * Prints a message on its own line without breaking the bar.
     *
     * @param message the text
     */
    public void message(String message) {
        finish();
        out.println(message);
    }

    /**
     * @param d a duration
     * @return it as {@code 3m07s}, or {@code 1h05m} from an hour on
     */
    public static String format(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
