package dev.dinojvm.engine.serve;

import java.util.List;

/** A request the API refuses, answered with its status and a JSON {@link ApiError}. */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient List<ApiError.Problem> problems;

    /**
     * @param status the HTTP status
     * @param message what is wrong
     */
    public ApiException(int status, String message) {
        this(status, message, List.of());
    }

    /**
     * @param status the HTTP status
     * @param message what is wrong
     * @param problems the details, one per setting
     */
    public ApiException(int status, String message, List<ApiError.Problem> problems) {
        super(message);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the body */
    public ApiError body() {
        return new ApiError(getMessage(), problems);
    }
}
