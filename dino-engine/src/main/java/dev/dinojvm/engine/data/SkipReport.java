package dev.dinojvm.engine.data;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Images the loader could not read and replaced by others.
 *
 * @param count distinct images that failed to load so far
 * @param examples the failures with the lowest source indices, at most {@link #MAX_EXAMPLES}
 */
public record SkipReport(int count, List<SkippedImage> examples) {

    /** How many failures are kept with their description. */
    public static final int MAX_EXAMPLES = 10;

    /** Copies the list. */
    public SkipReport {
        examples = List.copyOf(examples);
    }

    /**
     * One image that could not be read.
     *
     * @param index its index in the source
     * @param description where it comes from ({@link ImageSource#describe})
     * @param reason the message of the load failure
     */
    public record SkippedImage(int index, String description, String reason) {}

    /** @return true when every image loaded */
    public boolean isEmpty() {
        return count == 0;
    }

    /** @return a one-paragraph summary for the end-of-run report */
    public String summary() {
        if (isEmpty()) {
            return "all images could be read";
        }
        String listed = examples.stream().map(s -> s.description() + " (" + s.reason() + ")").collect(Collectors.joining("; "));
        String more = count > examples.size() ? "; and " + (count - examples.size()) + " more" : "";
        return count + " unreadable image(s) skipped and replaced by the next readable one: " + listed + more;
    }
}
