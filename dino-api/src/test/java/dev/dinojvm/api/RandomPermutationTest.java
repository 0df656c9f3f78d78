package dev.dinojvm.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RandomPermutationTest {

    /** A generator that answers nextInt(bound) from a script, recording the bounds asked for. */
    private static final class Scripted implements RandomGenerator {
        private final int[] answers;
        private final StringBuilder bounds = new StringBuilder();
        private int next;

        Scripted(int... answers) {
            this.answers = answers;
        }

        @Override
        public int nextInt(int bound) {
            bounds.append(bound).append(' ');
            return answers[next++];
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void swapsPositionIWithTheDrawnIndexFromTheEnd() {
        // [0 1 2 3]: i=3 draws 0 -> [3 1 2 0]; i=2 draws 2 -> unchanged; i=1 draws 0 -> [1 3 2 0]
        Scripted random = new Scripted(0, 2, 0);
        assertArrayEquals(new int[] {1, 3, 2, 0}, RandomPermutation.of(random, 4));
        assertEquals("4 3 2 ", random.bounds.toString());
    }

    @Test
    void emptyAndSingleNeedNoDraw() {
        assertArrayEquals(new int[0], RandomPermutation.of(new Scripted(), 0));
        assertArrayEquals(new int[] {0}, RandomPermutation.of(new Scripted(), 1));
        assertThrows(IllegalArgumentException.class, () -> RandomPermutation.of(new Scripted(), -1));
    }

    @Test
    void allSixOrdersOfThreeComeUpAboutEquallyOften() {
        SplittableRandom random = new SplittableRandom(7);
        Map<String, Integer> counts = new HashMap<>();
        int draws = 60_000;
        for (int i = 0; i < draws; i++) {
            counts.merge(Arrays.toString(RandomPermutation.of(random, 3)), 1, Integer::sum);
        }
        assertEquals(6, counts.size());
        // each expected 10,000 times; 5 standard deviations (sqrt(10,000 · 5/6) = 91) either side
        counts.values().forEach(count -> assertTrue(Math.abs(count - draws / 6) < 5 * 91, counts::toString));
    }
}
