package dev.dinojvm.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValueRangeTest {

    @Test
    void boundsAreInclusiveOrExclusiveAsDeclared() {
        ValueRange halfOpen = ValueRange.atLeast(0).andBelow(1);
        assertTrue(halfOpen.contains(0));
        assertTrue(halfOpen.contains(0.999));
        assertFalse(halfOpen.contains(1));
        assertFalse(halfOpen.contains(-1e-9));

        ValueRange positive = ValueRange.greaterThan(0);
        assertFalse(positive.contains(0));
        assertTrue(positive.contains(Double.MIN_VALUE));
        assertTrue(positive.contains(1e300));

        assertTrue(ValueRange.between(0, 1).contains(1));
        assertTrue(ValueRange.atMost(3).contains(-1e300));
        assertFalse(ValueRange.atMost(3).contains(3.5));
        assertTrue(ValueRange.ANY.contains(-1e300));
    }

    @Test
    void describesItselfInWordsWithWholeBoundsWithoutFraction() {
        assertEquals("at least 1", ValueRange.atLeast(1).describe());
        assertEquals("greater than 0", ValueRange.greaterThan(0).describe());
        assertEquals("at most 0.5", ValueRange.atMost(0.5).describe());
        assertEquals("between 0 and 1", ValueRange.between(0, 1).describe());
        assertEquals("at least 0 and below 1", ValueRange.atLeast(0).andBelow(1).describe());
        assertEquals("greater than 0 and at most 1", ValueRange.greaterThan(0).andAtMost(1).describe());
        assertEquals("any number", ValueRange.ANY.describe());
    }

    @Test
    void anEmptyRangeIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> ValueRange.between(1, 0));
        assertThrows(IllegalArgumentException.class, () -> ValueRange.greaterThan(1).andAtMost(1));
        assertThrows(IllegalArgumentException.class, () -> ValueRange.atLeast(Double.NaN));
        assertTrue(ValueRange.between(2, 2).contains(2));
    }
}
