package dev.dinojvm.engine.config;

import dev.dinojvm.api.ConfigProblem;
import java.util.List;
import java.util.stream.Collectors;

/** A configuration the engine cannot run with, carrying every problem found. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Transient: {@link ConfigProblem} is not serialisable, and the message already holds the problems. */
    private final transient List<ConfigProblem> problems;

    /** @param problems what is wrong, at least one */
    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** @return every problem, in the order found */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
