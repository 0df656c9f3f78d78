package dev.dinojvm.engine.job;

import dev.dinojvm.engine.train.TrainingListener;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns a termination signal (SIGTERM, SIGINT) into a stop after the current step, and holds the JVM's exit
 * until the job is done with libtorch.
 *
 * <p>Why: on a signal the JVM runs its shutdown hooks and then calls {@code exit()}, which runs libtorch's
 * static destructors while a thread still inside a libtorch call (a backward pass, say) goes on using what
 * they freed: the process dies with SIGSEGV (in {@code at::accelerator::getAccelerator} during backward)
 * instead of stopping. The shutdown hook installed here asks the loop to stop and waits until {@link #close}
 * says the job has finished, so that the run ends as a normal stop (its checkpoint written) before the JVM
 * exits.
 */
public final class StopOnTermination implements TrainingListener, AutoCloseable {

    /** How long the exit waits for the current step, the checkpoint and the clean-up. */
    static final long WAIT_SECONDS = 300;

    private final PrintStream out;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onTermination, "dino-stop-on-termination");
    private volatile boolean requested;

    private StopOnTermination(PrintStream out) {
        this.out = out;
    }

    /**
     * @param out where the stop is announced
     * @return a listener whose shutdown hook is installed until {@link #close}
     */
    public static StopOnTermination install(PrintStream out) {
        StopOnTermination stop = new StopOnTermination(out);
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** What the shutdown hook does: asks for the stop and waits for {@link #close}, at most {@link #WAIT_SECONDS}. */
    void onTermination() {
        requested = true;
        out.println("Stopping after the current step (termination signal)");
        try {
            finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean stopRequested() {
        return requested;
    }

    /** The job is done with libtorch: lets a pending exit go on, and removes the hook when no exit is under way. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownUnderWay) {
            // The hook is running or has run; it returns now that the latch is open.
        }
    }
}
