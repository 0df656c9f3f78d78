package dev.dinojvm.engine.train;

/**
 * Dynamic loss scaling as PyTorch's {@code GradScaler} with its defaults, which the official DINO code
 * uses for fp16: the loss is multiplied by the scale before backward so that small gradients survive
 * fp16; when any gradient comes back non-finite the optimizer step is skipped and the scale halved;
 * after {@value #GROWTH_INTERVAL} good steps in a row it doubles.
 */
public final class LossScaler {

    /** The scale a run starts with: 2^16. */
    public static final double INITIAL_SCALE = 65536.0;
    static final int GROWTH_INTERVAL = 2000;

    private double scale;
    private long goodSteps;
    private long skippedSteps;

    /** A scaler at {@link #INITIAL_SCALE}. */
    public LossScaler() {
        this(INITIAL_SCALE, 0, 0);
    }

    /**
     * A scaler in a given state, from a checkpoint.
     *
     * @param scale the current scale
     * @param goodSteps good steps since the scale last changed
     * @param skippedSteps steps skipped so far in the run
     */
    public LossScaler(double scale, long goodSteps, long skippedSteps) {
        this.scale = scale;
        this.goodSteps = goodSteps;
        this.skippedSteps = skippedSteps;
    }

    /** @return the factor the loss is multiplied by before backward */
    public double scale() {
        return scale;
    }

    /** @return good steps since the scale last changed */
    public long goodSteps() {
        return goodSteps;
    }

    /** @return optimizer steps skipped so far for non-finite gradients */
    public long skippedSteps() {
        return skippedSteps;
    }

    /**
     * Records the outcome of a step's gradients and adapts the scale.
     *
     * @param gradientsFinite whether every gradient was finite
     * @return whether the optimizer may step ({@code false}: skip it)
     */
    public boolean update(boolean gradientsFinite) {
        if (!gradientsFinite) {
            scale /= 2;
            goodSteps = 0;
            skippedSteps++;
            return false;
        }
        if (++goodSteps == GROWTH_INTERVAL) {
            scale *= 2;
            goodSteps = 0;
        }
        return true;
    }

    /**
     * Takes over another scaler's state (a checkpoint's).
     *
     * @param state the state to take
     */
    public void restore(LossScaler state) {
        scale = state.scale;
        goodSteps = state.goodSteps;
        skippedSteps = state.skippedSteps;
    }

    /** @return whether the scale has fallen below 1: the gradients overflow whatever the scale, training cannot go on */
    public boolean exhausted() {
        return scale < 1;
    }
}
