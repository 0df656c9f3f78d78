package dev.dinojvm.engine.weights;

import java.io.IOException;

/** A weights file that cannot be read or does not fit the model; the message is one line naming the file. */
public class WeightsFileException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message one line saying what is wrong and, where possible, what to do */
    public WeightsFileException(String message) {
        super(message);
    }

    /**
     * @param message one line saying what is wrong
     * @param cause the underlying failure
     */
    public WeightsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
