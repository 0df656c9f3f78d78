package dev.dinojvm.plugins.multicrop;

import java.util.random.RandomGenerator;

/** Returns the same double every time, and 0 for integers: draws at a chosen point of their range. */
record ConstantGenerator(double value) implements RandomGenerator {
    @Override
    public long nextLong() {
        return 0;
    }

    @Override
    public double nextDouble() {
        return value;
    }

    @Override
    public int nextInt(int bound) {
        return 0;
    }
}
