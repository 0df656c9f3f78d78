package dev.dinojvm.api;

/**
 * The numbers a numeric {@link ConfigKey} accepts: a lower and an upper bound, each inclusive or
 * exclusive; an infinite bound means none. The engine checks every value against its key's range
 * and reports values outside it, so components need not write such checks themselves.
 *
 * <p>Build one with the factories and narrow it with {@link #andAtMost} or {@link #andBelow}:
 * {@code ValueRange.atLeast(1)}, {@code ValueRange.between(0, 1)}, {@code
 * ValueRange.greaterThan(0).andAtMost(1)}.
 *
 * @param min the lower bound, {@link Double#NEGATIVE_INFINITY} for none
 * @param minInclusive whether {@code min} itself is allowed
 * @param max the upper bound, {@link Double#POSITIVE_INFINITY} for none
 * @param maxInclusive whether {@code max} itself is allowed
 * @since SPI 1.2
 */
public record ValueRange(double min, boolean minInclusive, double max, boolean maxInclusive) {

    /** Every finite number. */
    public static final ValueRange ANY = new ValueRange(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);

    /** Validates the record. */
    public ValueRange {
        if (Double.isNaN(min) || Double.isNaN(max) || min > max || (min == max && !(minInclusive && maxInclusive))) {
            throw new IllegalArgumentException("empty range: min " + min + ", max " + max);
        }
    }

    /**
     * @param min the smallest allowed value
     * @return the numbers {@code >= min}
     */
    public static ValueRange atLeast(double min) {
        return new ValueRange(min, true, Double.POSITIVE_INFINITY, false);
    }

    /**
     * @param min a bound the values must exceed
     * @return the numbers {@code > min}
     */
    public static ValueRange greaterThan(double min) {
        return new ValueRange(min, false, Double.POSITIVE_INFINITY, false);
    }

    /**
     * @param max the largest allowed value
     * @return the numbers {@code <= max}
     */
    public static ValueRange atMost(double max) {
        return ANY.andAtMost(max);
    }

    /**
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the numbers {@code >= min} and {@code <= max}
     */
    public static ValueRange between(double min, double max) {
        return atLeast(min).andAtMost(max);
    }

    /**
     * @param newMax the largest allowed value
     * @return this range with the upper bound {@code <= newMax}
     */
    public ValueRange andAtMost(double newMax) {
        return new ValueRange(min, minInclusive, newMax, true);
    }

    /**
     * @param newMax a bound the values must stay below
     * @return this range with the upper bound {@code < newMax}
     */
    public ValueRange andBelow(double newMax) {
        return new ValueRange(min, minInclusive, newMax, false);
    }

    /**
     * @param value a number
     * @return whether it lies in the range
     */
    public boolean contains(double value) {
        return (minInclusive ? value >= min : value > min) && (maxInclusive ? value <= max : value < max);
    }

    /** @return whether this is {@link #ANY}, which restricts nothing */
    public boolean isUnbounded() {
        return min == Double.NEGATIVE_INFINITY && max == Double.POSITIVE_INFINITY;
    }

    /** @return the range in words, e.g. {@code at least 1}, {@code between 0 and 1}, {@code at least 0 and below 1} */
    public String describe() {
        boolean lower = min != Double.NEGATIVE_INFINITY;
        boolean upper = max != Double.POSITIVE_INFINITY;
        if (lower && upper && minInclusive && maxInclusive) {
            return "between " + format(min) + " and " + format(max);
        }
        String lowerText = (minInclusive ? "at least " : "greater than ") + format(min);
        String upperText = (maxInclusive ? "at most " : "below ") + format(max);
        if (lower && upper) {
            return lowerText + " and " + upperText;
        }
        return lower ? lowerText : upper ? upperText : "any number";
    }

    /** Whole bounds without a fraction: {@code 1}, not {@code 1.0}. */
    private static String format(double bound) {
        return bound == Math.rint(bound) && Math.abs(bound) < 1e15 ? Long.toString((long) bound) : Double.toString(bound);
    }
}
