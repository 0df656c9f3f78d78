package dev.dinojvm.api;

/**
 * One thing wrong with a configuration.
 *
 * @param key the full key path, e.g. {@code dino.backbone.depth}
 * @param message a sentence a user understands, saying what is wrong and what is expected
 */
public record ConfigProblem(String key, String message) {

    /** @return {@code key: message}, the form printed to users */
    @Override
    public String toString() {
        return key + ": " + message;
    }
}
