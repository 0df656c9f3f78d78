package dev.dinojvm.engine.train;

/**
 * Notices a loss stuck at ln(K): the teacher's output has become uniform (one form of DINO collapse).
 *
 * <p>Early in training the loss passes near ln(K) while the center adapts, so only a loss that stays
 * within a relative tolerance of ln(K) for a long stretch after the first epoch counts.
 */
public final class CollapseDetector {

    private final double uniformLoss;
    private final double tolerance;
    private final long patience;
    private final long ignoreBefore;
    private long streak;
    private boolean reported;

    /**
     * @param outDim the head's output dimension K
     * @param patience consecutive iterations near ln(K) that count as stuck
     * @param ignoreBefore iterations to ignore at the start (e.g. one epoch)
     */
    public CollapseDetector(int outDim, long patience, long ignoreBefore) {
        this.uniformLoss = Math.log(outDim);
        this.tolerance = 0.002 * uniformLoss;
        this.patience = patience;
        this.ignoreBefore = ignoreBefore;
    }

    /**
     * @param iteration the iteration of this loss
     * @param loss its value
     * @return a warning the first time the loss is found stuck, otherwise {@code null}
     */
    public String observe(long iteration, double loss) {
        if (iteration < ignoreBefore || Math.abs(loss - uniformLoss) > tolerance) {
            streak = 0;
            return null;
        }
        streak++;
        if (streak < patience || reported) {
            return null;
        }
        reported = true;
        return String.format(
                "the loss has stayed at ln(out-dim) = %.3f for %d iterations: the teacher's output is uniform"
                        + " (collapse). Lower dino.teacher.temperature, raise dino.teacher.center-momentum, or"
                        + " check that the data varies",
                uniformLoss, streak);
    }
}
