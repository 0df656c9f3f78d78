package dev.dinojvm.engine.plugin;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by a strict {@link PluginRegistry} when any plugin had a problem. */
public final class PluginLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Transient: {@link PluginProblem} is not serialisable, and the message already holds the problems. */
    private final transient List<PluginProblem> problems;

    /** @param problems what went wrong, at least one */
    public PluginLoadException(List<PluginProblem> problems) {
        super(problems.stream().map(PluginProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** @return every problem found, in discovery order */
    public List<PluginProblem> problems() {
        return problems;
    }
}
