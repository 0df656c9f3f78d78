package dev.dinojvm.engine.data;

/**
 * The data cannot be used as given: a missing or empty folder, a layout the folder rules refuse, images
 * none of which can be read, an image too large to decode. The CLI reports it in one line with exit
 * code 2, like a configuration error: nothing was trained.
 */
public class DataException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message one line naming the path and what is wrong with it */
    public DataException(String message) {
        super(message);
    }
}
