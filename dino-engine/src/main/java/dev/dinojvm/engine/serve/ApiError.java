package dev.dinojvm.engine.serve;

import dev.dinojvm.engine.util.Messages;
import java.util.List;

/**
 * The JSON body of every error answer: {@code {"error": "...", "problems": [{"key": ..., "message": ...}]}}.
 * Texts longer than {@value #LONGEST_TEXT} characters are shortened, so that a request with a huge value
 * does not get it echoed back.
 *
 * @param error what went wrong, one line
 * @param problems the details, one per setting (empty when the error is not about settings)
 */
public record ApiError(String error, List<Problem> problems) {

    /** The longest error, key or message sent as is. */
    static final int LONGEST_TEXT = 300;

    /**
     * @param error what went wrong, one line
     * @param problems the details, one per setting
     */
    public ApiError {
        error = Messages.shorten(error, LONGEST_TEXT);
        problems = List.copyOf(problems);
    }

    /**
     * @param error what went wrong, one line
     * @return an error without problems
     */
    public static ApiError of(String error) {
        return new ApiError(error, List.of());
    }

    /**
     * One problem with a setting.
     *
     * @param key the setting's dotted key (or the request part it is about)
     * @param message what is wrong with it
     */
    public record Problem(String key, String message) {

        /**
         * @param key the setting's dotted key (or the request part it is about)
         * @param message what is wrong with it
         */
        public Problem {
            key = Messages.shorten(key, LONGEST_TEXT);
            message = Messages.shorten(message, LONGEST_TEXT);
        }
    }
}
