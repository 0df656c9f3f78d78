package dev.dinojvm.api;

import java.util.random.RandomGenerator;

/**
 * A uniformly random permutation by the Fisher–Yates shuffle, drawing {@code nextInt(i + 1)} for
 * {@code i = n-1} down to 1: a generator in a given state always gives the same permutation, which
 * is what makes a seeded run reproducible. Shared by the engine and the standard plugins.
 */
public final class RandomPermutation {

    private RandomPermutation() {}

    /**
     * @param random the generator, advanced by {@code n - 1} draws
     * @param n how many elements (0 or more)
     * @return a permutation of {@code 0 .. n-1}
     */
    public static int[] of(RandomGenerator random, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("a permutation needs n >= 0, got " + n);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
