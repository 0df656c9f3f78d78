package dev.dinojvm.engine.train;

/**
 * The per-iteration schedules of the reference implementation (utils.cosine_scheduler and the teacher
 * temperature schedule of main_dino.py), as pure functions of the iteration or epoch.
 */
public final class Schedules {

    private Schedules() {}

    /**
     * The value at {@code iteration} of {@code cosine_scheduler(base, end, epochs, niter_per_ep,
     * warmup_epochs, start_warmup_value)}: a linear warm-up over {@code warmupIterations} iterations
     * ({@code np.linspace} including both ends), then a half cosine from {@code base} to {@code end}.
     *
     * @param base value at the end of the warm-up
     * @param end value approached at the last iteration
     * @param totalIterations epochs × iterations per epoch
     * @param warmupIterations warm-up epochs × iterations per epoch (0 for none)
     * @param warmupStart value at iteration 0 of the warm-up
     * @param iteration 0-based global iteration
     * @return the scheduled value
     */
    public static double cosine(
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

    /**
     * The teacher temperature of epoch {@code epoch}: {@code np.linspace(warmupStart, temperature,
     * warmupEpochs)} over the first epochs, then {@code temperature}. Per epoch, as the reference.
     *
     * @param warmupStart temperature of the first epoch when warming up
     * @param temperature final teacher temperature
     * @param warmupEpochs epochs of linear warm-up (0 for none)
     * @param epoch 0-based epoch
     * @return the temperature
     */
    public static double teacherTemperature(double warmupStart, double temperature, int warmupEpochs, int epoch) {
        if (epoch >= warmupEpochs) {
            return temperature;
        }
        return warmupEpochs == 1 ? warmupStart : warmupStart + (temperature - warmupStart) * epoch / (double) (warmupEpochs - 1);
    }
}
