package dev.dinojvm.engine.train;

import java.util.Locale;

/**
 * Notices the two collapses of the DINO paper (Figure 7) from the teacher's entropy and the KL
 * divergence between teacher and student: the student has caught up with a teacher that carries no
 * information (KL near 0), either because the teacher's output is uniform (entropy near ln K) or
 * because it puts all its mass on one dimension (entropy near 0).
 *
 * <p>Early in training the outputs pass near these states while the center adapts, so only a state
 * that lasts for {@code patience} iterations after the first epoch counts. Only the iterations whose
 * loss was read carry the figures; the others are not observed.
 */
public final class CollapseDetector {

    /** Fraction of ln K within which the entropy counts as ln K or 0, and the KL as 0. */
    static final double TOLERANCE = 0.01;

    private final double lnK;
    private final long patience;
    private final long ignoreBefore;
    private Kind current;
    private long since;
    private boolean reported;

    private enum Kind { UNIFORM, ONE_DIMENSION }

    /**
     * @param outDim the head's output dimension K
     * @param patience iterations the collapsed state must last
     * @param ignoreBefore iterations to ignore at the start (e.g. one epoch)
     */
    public CollapseDetector(int outDim, long patience, long ignoreBefore) {
        this.lnK = Math.log(outDim);
        this.patience = patience;
        this.ignoreBefore = ignoreBefore;
    }

    /**
     * @param iteration the iteration of the figures
     * @param entropy the teacher's mean entropy ({@link DinoLoss#teacherEntropy})
     * @param kl the KL divergence between teacher and student (the loss minus the entropy)
     * @return a warning the first time a collapse has lasted {@code patience} iterations, otherwise {@code null}
     */
    public String observe(long iteration, double entropy, double kl) {
        if (!Double.isFinite(entropy) || !Double.isFinite(kl)) {
            return null;
        }
        Kind kind = iteration < ignoreBefore || kl > TOLERANCE * lnK ? null
                : entropy >= (1 - TOLERANCE) * lnK ? Kind.UNIFORM
                : entropy <= TOLERANCE * lnK ? Kind.ONE_DIMENSION : null;
        if (kind != current) {
            current = kind;
            since = iteration;
        }
        if (kind == null || reported || iteration - since < patience) {
            return null;
        }
        reported = true;
        long lasted = iteration - since;
        if (kind == Kind.UNIFORM) {
            return String.format(Locale.ROOT, "the teacher's output has been uniform for %d iterations (entropy %.3f, ln(out-dim) = %.3f; "
                    + "teacher/student KL %.4f): collapse. Lower dino.teacher.temperature, raise dino.teacher.center-momentum, "
                    + "or check that the data varies", lasted, entropy, lnK, kl);
        }
        return String.format(Locale.ROOT, "the teacher's output has sat on one dimension for %d iterations (entropy %.3f of at most %.3f; "
                + "teacher/student KL %.4f): collapse. Raise dino.teacher.temperature or lower dino.teacher.center-momentum "
                + "(faster centring)", lasted, entropy, lnK, kl);
    }
}
