package dev.dinojvm.engine.weights;

import java.util.List;

/**
 * How stored tensors met a model's parameters.
 *
 * @param loaded parameters set from the file
 * @param missing parameters the file lacks (left as initialised)
 * @param unexpected stored tensors the model has no parameter for
 * @param mismatched parameters whose stored shape differs, as {@code name has shape (..) but the model expects (..)}
 * @param notes adaptations made, e.g. an interpolated positional embedding
 */
public record LoadReport(List<String> loaded, List<String> missing, List<String> unexpected, List<String> mismatched,
        List<String> notes) {

    private static final int NAMES_SHOWN = 8;

    /** Copies the lists. */
    public LoadReport {
        loaded = List.copyOf(loaded);
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        mismatched = List.copyOf(mismatched);
        notes = List.copyOf(notes);
    }

    /** @return whether every parameter was loaded and every stored tensor used */
    public boolean exact() {
        return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
    }

    /** @return the problems, e.g. {@code missing: a, b; unexpected: c}, empty when exact */
    public String problems() {
        StringBuilder text = new StringBuilder();
        append(text, "missing", missing);
        append(text, "unexpected", unexpected);
        append(text, "shape mismatch", mismatched);
        return text.toString();
    }

    private static void append(StringBuilder text, String label, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        if (text.length() > 0) {
            text.append("; ");
        }
        text.append(names.size()).append(' ').append(label).append(": ");
        text.append(String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size()))));
        if (names.size() > NAMES_SHOWN) {
            text.append(", and ").append(names.size() - NAMES_SHOWN).append(" more");
        }
    }
}
