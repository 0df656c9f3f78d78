package dev.dinojvm.engine.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean ...?" for mistyped keys and names, by edit distance. */
public final class Suggestions {

    private Suggestions() {}

    /**
     * @param typed what the user wrote
     * @param candidates the valid spellings
     * @return the closest candidate, when it is close enough to be a likely typo
     */
    public static Optional<String> closest(String typed, Collection<String> candidates) {
        // A third of the length tolerates one or two typos in short names and a wrong word part in long keys.
        int tolerance = Math.max(2, typed.length() / 3);
        return candidates.stream()
                .filter(c -> distance(typed, c) <= tolerance)
                .min(Comparator.<String>comparingInt(c -> distance(typed, c)).thenComparing(Comparator.naturalOrder()));
    }

    /**
     * @return the Levenshtein distance: the fewest single-character insertions, deletions and
     *     substitutions that turn {@code a} into {@code b}
     */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
