package dev.dinojvm.engine.train;

/** The loss became NaN or infinite: training stops before the optimizer step, keeping the last good checkpoint. */
public final class NonFiniteLossException extends RuntimeException {

    private final long iteration;

    /**
     * @param iteration the iteration whose loss was not finite
     * @param loss the value
     * @param diagnosis where non-finite values were found
     */
    public NonFiniteLossException(long iteration, float loss, String diagnosis) {
        super("the loss is " + loss + " at iteration " + iteration + " (" + diagnosis + ")"
                + "; training stopped before applying this step. Lower dino.optimizer.lr, raise"
                + " dino.optimizer.warmup-epochs or keep dino.optimizer.clip-grad on, then resume from the last checkpoint");
        this.iteration = iteration;
    }

    /**
     * A step that cannot go on for another reason than the loss value itself (fp16 gradients that
     * overflow at any loss scale).
     *
     * @param iteration the iteration that failed
     * @param message what happened and what to do
     */
    public NonFiniteLossException(long iteration, String message) {
        super(message + " (iteration " + iteration + ")");
        this.iteration = iteration;
    }

    /** @return the iteration whose loss was not finite */
    public long iteration() {
        return iteration;
    }
}
