package dev.dinojvm.engine.parallel;

/**
 * The processes of a job could not meet or reduce together: a rank that did not join or died, a port in
 * use, configurations that differ. The message says which rank and what to do; the job must stop.
 */
public final class ProcessGroupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message one line naming the rank or the setting at fault */
    public ProcessGroupException(String message) {
        super(message);
    }

    /**
     * @param message one line naming the rank or the setting at fault
     * @param cause the underlying error
     */
    public ProcessGroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
