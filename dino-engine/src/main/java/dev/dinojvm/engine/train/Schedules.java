package dev.dinojvm.engine.train;

/**
 * The teacher temperature schedule of the reference's main_dino.py, a pure function of the epoch. The
 * per-iteration cosine schedules are {@link dev.dinojvm.api.CosineSchedule}.
 */
public final class Schedules {

    private Schedules() {}

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
