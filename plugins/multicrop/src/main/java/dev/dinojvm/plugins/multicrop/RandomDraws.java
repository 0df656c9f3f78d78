package dev.dinojvm.plugins.multicrop;

import java.util.random.RandomGenerator;

/**
 * The few kinds of random draws the augmentation makes, each consuming the generator in one documented
 * way so that a seed reproduces a run.
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

    /** @return a uniformly random permutation of 0..n-1 (Fisher–Yates, drawing nextInt(i + 1) for i = n-1..1) */
    static int[] permutation(RandomGenerator random, int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }
}
