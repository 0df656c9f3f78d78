package dev.dinojvm.engine.serve;

import java.util.List;

/**
 * The JSON body of every error answer: {@code {"error": "...", "problems": [{"key": ..., "message": ...}]}}.
 *
 * @param error what went wrong, one line
 * @param problems the details, one per setting (empty when the error is not about settings)
 */
public record ApiError(String error, List<Problem> problems) {

    /**
     * One problem with a setting.
     *
     * @param key the setting's dotted key (or the request part it is about)
     * @param message what is wrong with it
     */
    public record Problem(String key, String message) {}
}
