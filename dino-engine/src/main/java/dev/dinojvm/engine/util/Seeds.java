package dev.dinojvm.engine.util;

/**
 * Derives independent seeds from the run seed, so that every random stream of a run is a pure function
 * of the seed and a few keys (epoch, image index, iteration), whatever the threading, and a resumed run
 * draws the same numbers. Both derivations use the SplitMix64 finaliser (Steele, Lea and Flood 2014), the
 * mixer of {@link java.util.SplittableRandom}.
 */
public final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    /**
     * @param seed the run seed
     * @param keys what the stream is for, e.g. (stream id, epoch, image index); their order matters
     * @return a well-mixed seed for a generator of the data pipeline
     */
    public static long mix(long seed, long... keys) {
        long h = mix64(seed);
        for (long key : keys) {
            h = mix64(h + GOLDEN_GAMMA + mix64(key));
        }
        return h;
    }

    /**
     * @param seed the run seed
     * @param iteration the global iteration
     * @return the non-negative seed of the engine's generator ({@code Engine.setRandomSeed}) for that iteration
     */
    public static int iterationSeed(long seed, long iteration) {
        return (int) (mix64(seed * GOLDEN_GAMMA + iteration) & 0x7fffffff);
    }

    /** The SplitMix64 finaliser: {@code new SplittableRandom(s).nextLong() == mix64(s + GOLDEN_GAMMA)}. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
