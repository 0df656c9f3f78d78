package dev.dinojvm.engine.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StopOnTerminationTest {

    @Test
    void theShutdownHookAsksForTheStopAndHoldsTheExitUntilTheJobIsDone() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        StopOnTermination stop = StopOnTermination.install(new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(stop.stopRequested()).isFalse();

        Thread exit = new Thread(stop::onTermination, "simulated-exit");
        exit.start();
        while (exit.getState() != Thread.State.TIMED_WAITING) { // the hook waits for the job
            assertThat(exit.isAlive()).as("the hook returned before the job was done").isTrue();
            Thread.onSpinWait();
        }
        assertThat(stop.stopRequested()).isTrue();

        stop.close(); // the job has left libtorch
        exit.join();
        assertThat(exit.isAlive()).isFalse();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Stopping after the current step");
    }
}
