package dev.dinojvm.engine.data;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Images the loader could not read and replaced by others.
 *
 * @param images every image that failed to load so far, by source index
 */
public record SkipReport(List<SkippedImage> images) {

    /** How many failures the one-paragraph summary names; {@link #lines()} has them all. */
    public static final int MAX_EXAMPLES = 10;

    /** Copies the list. */
    public SkipReport {
        images = List.copyOf(images);
    }

    /**
     * One image that could not be read.
     *
     * @param index its index in the source
     * @param description where it comes from ({@link ImageSource#describe})
     * @param reason the message of the load failure
     */
    public record SkippedImage(int index, String description, String reason) {}

    /** @return distinct images that failed to load so far */
    public int count() {
        return images.size();
    }

    /** @return true when every image loaded */
    public boolean isEmpty() {
        return images.isEmpty();
    }

    /** @return a one-paragraph summary for the end-of-run report, naming the first {@value #MAX_EXAMPLES} */
    public String summary() {
        return isEmpty() ? "all images could be read" : summary("skipped and replaced by the next readable one");
    }

    /**
     * @param fate what became of the images, e.g. "left out"
     * @return {@code N unreadable image(s) <fate>: } and the first {@value #MAX_EXAMPLES} with their reasons
     */
    public String summary(String fate) {
        String listed = images.stream().limit(MAX_EXAMPLES).map(s -> s.description() + " (" + s.reason() + ")")
                .collect(Collectors.joining("; "));
        String more = count() > MAX_EXAMPLES ? "; and " + (count() - MAX_EXAMPLES) + " more" : "";
        return count() + " unreadable image(s) " + fate + ": " + listed + more;
    }

    /** @return every failure as a line {@code index<TAB>image<TAB>reason}, tabs and line breaks in the text replaced by blanks */
    public List<String> lines() {
        return images.stream().map(s -> s.index() + "\t" + blank(s.description()) + "\t" + blank(s.reason())).toList();
    }

    private static String blank(String text) {
        return text.replaceAll("[\t\r\n]+", " ");
    }
}
