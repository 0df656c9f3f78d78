package dev.dinojvm.engine.eval;

import java.io.PrintStream;
import java.util.function.IntConsumer;

/**
 * Progress of a counted task: redrawn in place on a terminal, else one line per tenth of the work.
 */
public final class CountProgress implements IntConsumer {

    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final int total;
    private int lastTenth;

    /**
     * @param out where to print (the error stream keeps standard output for results)
     * @param terminal whether {@code out} is a terminal
     * @param label what is counted, e.g. "train features"
     * @param total the count when done
     */
    public CountProgress(PrintStream out, boolean terminal, String label, int total) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = total;
    }

    @Override
    public void accept(int done) {
        int tenth = total == 0 ? 10 : (int) (10L * done / total);
        if (terminal) {
            out.print("\r" + label + ": " + done + "/" + total + (done >= total ? System.lineSeparator() : ""));
            out.flush();
        } else if (tenth > lastTenth || done >= total) {
            out.println(label + ": " + done + "/" + total);
        }
        lastTenth = tenth;
    }
}
