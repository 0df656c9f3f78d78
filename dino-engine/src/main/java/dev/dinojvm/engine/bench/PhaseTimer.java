package dev.dinojvm.engine.bench;

import ai.djl.ndarray.NDArray;
import dev.dinojvm.engine.train.StepTimer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Records how long each phase of each step took. On a GPU the work of a phase is only queued when the
 * trainer reports its end, so the timer first waits for the device by reading one value of a small
 * array on it (reading waits for everything queued before on the same stream).
 */
final class PhaseTimer implements StepTimer {

    private final NDArray deviceMarker;
    private final Map<Phase, List<Double>> millis = new EnumMap<>(Phase.class);
    private long last;

    /** @param deviceMarker a small array on the training device to synchronise on, or {@code null} on the CPU */
    PhaseTimer(NDArray deviceMarker) {
        this.deviceMarker = deviceMarker;
        for (Phase phase : Phase.values()) {
            millis.put(phase, new ArrayList<>());
        }
    }

    @Override
    public void stepStarted() {
        synchronise();
        last = System.nanoTime();
    }

    @Override
    public void phaseEnded(Phase phase) {
        synchronise();
        long now = System.nanoTime();
        millis.get(phase).add((now - last) / 1e6);
        last = now;
    }

    private void synchronise() {
        if (deviceMarker != null) {
            deviceMarker.getFloat();
        }
    }

    /** Forgets what was recorded, e.g. during warm-up. */
    void reset() {
        millis.values().forEach(List::clear);
    }

    /** @return the recorded durations in milliseconds, by phase */
    Map<Phase, List<Double>> millis() {
        return millis;
    }
}
