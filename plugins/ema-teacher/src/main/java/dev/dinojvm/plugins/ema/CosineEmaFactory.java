package dev.dinojvm.plugins.ema;

import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ConfigKey;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.api.TeacherUpdateFactory;
import dev.dinojvm.api.TeacherUpdateRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Creates a {@link CosineEmaRule}: the teacher is an exponential moving average of the student whose
 * momentum rises from {@code momentum} to {@code final-momentum} on a cosine schedule.
 *
 * <p>Only these two keys are declared: {@code dino.teacher} also holds the engine's own loss keys
 * (temperature, warmup-temperature, warmup-epochs, center-momentum).
 */
public final class CosineEmaFactory implements TeacherUpdateFactory {

    static final String MOMENTUM = "momentum";
    static final String FINAL_MOMENTUM = "final-momentum";

    private static final List<ConfigKey> KEYS = List.of(
            ConfigKey.number(MOMENTUM, 0.996, "Base EMA momentum of the teacher, at the first iteration."),
            ConfigKey.number(FINAL_MOMENTUM, 1.0, "EMA momentum reached at the end of training on a cosine schedule."));

    @Override
    public String name() {
        return "cosine-ema";
    }

    @Override
    public String description() {
        return "Teacher as an exponential moving average of the student, momentum on a cosine schedule.";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return KEYS;
    }

    @Override
    public List<ConfigProblem> validate(ComponentConfig config) {
        List<ConfigProblem> problems = new ArrayList<>(config.typeProblems());
        Optional<Double> base = inUnitInterval(config, MOMENTUM, problems);
        Optional<Double> last = inUnitInterval(config, FINAL_MOMENTUM, problems);
        if (base.isPresent() && last.isPresent() && base.get() > last.get()) {
            problems.add(new ConfigProblem(config.path(MOMENTUM), "must not exceed " + config.path(FINAL_MOMENTUM)
                    + " (" + last.get() + "), got " + base.get()));
        }
        return problems;
    }

    /** @return the value when it parses and lies in [0, 1], else empty (adding a problem when out of range) */
    private static Optional<Double> inUnitInterval(
            ComponentConfig config, String key, List<ConfigProblem> problems) {
        if (!config.isValid(key)) {
            return Optional.empty();
        }
        double value = config.getDouble(key).orElseThrow();
        if (value < 0 || value > 1) {
            problems.add(new ConfigProblem(config.path(key), "must be between 0 and 1, got " + value));
            return Optional.empty();
        }
        return Optional.of(value);
    }

    @Override
    public TeacherUpdateRule create(ComponentConfig config) {
        return new CosineEmaRule(config.getDouble(MOMENTUM).orElseThrow(), config.getDouble(FINAL_MOMENTUM).orElseThrow());
    }
}
