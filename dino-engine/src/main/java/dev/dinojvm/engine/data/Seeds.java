package dev.dinojvm.engine.data;

/**
 * Derives independent generator seeds from the run seed and a tuple of keys (epoch, image index...), so
 * that every random stream of the pipeline is a pure function of those values, whatever the threading.
 */
final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    /** @return a well-mixed seed for the tuple; the order of the keys matters */
    static long mix(long seed, long... keys) {
        long h = mix64(seed);
        for (long key : keys) {
            h = mix64(h + GOLDEN_GAMMA + mix64(key));
        }
        return h;
    }

    /** The SplitMix64 finaliser (Steele, Lea and Flood 2014), the same mixer SplittableRandom uses. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
