package dev.dinojvm.engine.runtime;

/** DJL's PyTorch engine cannot start; the message is one line a user can act on. */
public final class EngineUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one line: what failed and which environment variables to check
     * @param cause the original failure, shown with {@code --debug}
     */
    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
