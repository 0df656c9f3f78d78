package dev.dinojvm.api;

/**
 * The reference implementation's {@code utils.cosine_scheduler(base, end, epochs, niter_per_ep,
 * warmup_epochs, start_warmup_value)} as a pure function of the iteration: a linear warm-up ({@code
 * np.linspace} including both ends), then a half cosine from {@code base} to {@code end}. DINO schedules
 * the learning rate, the weight decay and the teacher momentum with it. Shared by the engine and the
 * standard plugins.
 */
public final class CosineSchedule {

    private CosineSchedule() {}

    /**
     * @param base value at the end of the warm-up (at iteration 0 without one)
     * @param end value approached at the last iteration
     * @param totalIterations epochs × iterations per epoch
     * @param warmupIterations warm-up epochs × iterations per epoch (0 for none)
     * @param warmupStart value at iteration 0 of the warm-up
     * @param iteration 0-based global iteration
     * @return the scheduled value
     */
    public static double value(
            double base, double end, long totalIterations, long warmupIterations, double warmupStart, long iteration) {
        if (iteration < warmupIterations) {
            return warmupIterations == 1
                    ? warmupStart
                    : warmupStart + (base - warmupStart) * iteration / (double) (warmupIterations - 1);
        }
        long cosineIterations = totalIterations - warmupIterations;
        long step = iteration - warmupIterations;
        return end + 0.5 * (base - end) * (1 + Math.cos(Math.PI * step / cosineIterations));
    }
}
