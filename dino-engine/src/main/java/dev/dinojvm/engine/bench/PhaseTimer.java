package dev.dinojvm.engine.bench;

import ai.djl.ndarray.NDArray;
import dev.dinojvm.engine.train.StepTimer;
import dev.dinojvm.engine.util.HostReads;
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
    private final List<long[]> replicaIntervals = new ArrayList<>();
    private final List<Double> replicaConcurrency = new ArrayList<>();

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
        recordConcurrency();
        last = System.nanoTime();
    }

    @Override
    public synchronized void replicaRan(int replica, long startNanos, long endNanos) {
        replicaIntervals.add(new long[] {startNanos, endNanos});
    }

    /**
     * The last step's replica concurrency: their busy time over the time during which at least one ran.
     * 1 means they ran one after another; N that N ran at once the whole time.
     */
    private synchronized void recordConcurrency() {
        if (replicaIntervals.isEmpty()) {
            return;
        }
        replicaIntervals.sort(java.util.Comparator.comparingLong(interval -> interval[0]));
        long busy = 0;
        long union = 0;
        long coveredTo = Long.MIN_VALUE;
        for (long[] interval : replicaIntervals) {
            busy += interval[1] - interval[0];
            long from = Math.max(interval[0], coveredTo);
            if (interval[1] > from) {
                union += interval[1] - from;
                coveredTo = interval[1];
            }
        }
        replicaConcurrency.add(busy / (double) union);
        replicaIntervals.clear();
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
            HostReads.scalar(deviceMarker, HostReads.Reason.PHASE_TIMING);
        }
    }

    /** Forgets what was recorded, e.g. during warm-up. */
    synchronized void reset() {
        millis.values().forEach(List::clear);
        replicaIntervals.clear();
        replicaConcurrency.clear();
    }

    /** @return per step, how many replicas ran at once on average (empty with one replica) */
    synchronized List<Double> replicaConcurrency() {
        recordConcurrency();
        return List.copyOf(replicaConcurrency);
    }

    /** @return the recorded durations in milliseconds, by phase */
    Map<Phase, List<Double>> millis() {
        return millis;
    }
}
