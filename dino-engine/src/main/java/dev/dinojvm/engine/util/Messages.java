package dev.dinojvm.engine.util;

import java.util.regex.Pattern;

/** Turns texts from exceptions and users into short one-line messages. */
public final class Messages {

    private static final Pattern LINE_BREAK = Pattern.compile("\\s*\\R\\s*");
    private static final String ELISION = "…";

    private Messages() {}

    /**
     * @param text a possibly multi-line text, or {@code null}
     * @return the text on one line: each line break, with the blanks around it, becomes one space; trimmed
     */
    public static String oneLine(String text) {
        return oneLine(text, " ");
    }

    /**
     * @param text a possibly multi-line text, or {@code null}
     * @param separator what replaces each line break and the blanks around it, e.g. {@code "; "}
     * @return the text on one line, trimmed; {@code ""} for {@code null}
     */
    public static String oneLine(String text, String separator) {
        return text == null ? "" : LINE_BREAK.matcher(text.trim()).replaceAll(separator);
    }

    /**
     * Shortens a text that may hold a long value, keeping its start and end (where messages put the
     * explanation) and saying how much was left out.
     *
     * @param text the text
     * @param limit the longest text returned as is (at least 40)
     * @return the text, or its first and last characters around {@code "…(N characters left out)…"}
     */
    public static String shorten(String text, int limit) {
        if (limit < 40) {
            throw new IllegalArgumentException("limit must be at least 40, got " + limit);
        }
        if (text == null || text.length() <= limit) {
            return text;
        }
        int tail = limit / 3;
        int head = limit - tail;
        return text.substring(0, head) + ELISION + "(" + (text.length() - head - tail) + " characters left out)" + ELISION
                + text.substring(text.length() - tail);
    }
}
