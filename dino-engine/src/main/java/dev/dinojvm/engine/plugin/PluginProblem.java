package dev.dinojvm.engine.plugin;

/**
 * A plugin, or one of its components, the engine skipped.
 *
 * @param location the jar (or directory, or class path) it came from
 * @param reason what is wrong, one sentence
 * @param hint what the user can do about it
 */
public record PluginProblem(String location, String reason, String hint) {

    /** @return {@code location: reason (hint)}, the form printed to users */
    @Override
    public String toString() {
        return location + ": " + reason + " (" + hint + ")";
    }
}
