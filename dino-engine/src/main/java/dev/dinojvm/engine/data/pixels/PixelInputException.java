package dev.dinojvm.engine.data.pixels;

import java.io.IOException;

/**
 * Image input that is refused as it is: a file whose pixels cannot be read without losing or inventing
 * information, or a set of files that do not fit together. The message is one line naming the file (or the
 * first examples) and what to do; the command line reports it as bad input (exit code 2).
 */
public class PixelInputException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message one line saying what is wrong and what to do */
    public PixelInputException(String message) {
        super(message);
    }

    /**
     * @param message one line saying what is wrong and what to do
     * @param cause the underlying failure
     */
    public PixelInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
