package dev.dinojvm.plugins.multicrop;

import java.util.random.RandomGenerator;

/**
 * The few kinds of random draws the augmentation makes, each consuming the generator in one documented
 * way so that a seed reproduces a run (permutations: {@link dev.dinojvm.api.RandomPermutation}).
 */
final class RandomDraws {

    private RandomDraws() {}

    /** @return {@code low + (high - low) * nextDouble()}, also valid when low == high */
    static double uniform(RandomGenerator random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    /** @return an integer in [low, high], both inclusive, as {@code low + nextInt(high - low + 1)} */
    static int inclusive(RandomGenerator random, int low, int high) {
        return low + random.nextInt(high - low + 1);
    }
}
