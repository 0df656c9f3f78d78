package dev.dinojvm.engine.parallel;

/** An I/O error or timeout inside Gloo, thrown by the native binding with Gloo's own message. */
final class GlooException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    GlooException(String message) {
        super(message);
    }
}
