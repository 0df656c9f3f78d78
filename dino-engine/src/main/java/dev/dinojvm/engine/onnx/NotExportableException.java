package dev.dinojvm.engine.onnx;

/** The backbone has no ONNX mapping; the message says which part and what is exportable. */
public final class NotExportableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message one line naming what cannot be exported */
    public NotExportableException(String message) {
        super(message);
    }
}
