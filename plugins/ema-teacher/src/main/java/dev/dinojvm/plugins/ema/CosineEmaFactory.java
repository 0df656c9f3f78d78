package dev.dinojvm.plugins.ema;

import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ConfigKey;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.api.TeacherUpdateFactory;
import dev.dinojvm.api.TeacherUpdateRule;
import dev.dinojvm.api.ValueRange;
import java.util.List;

/**
 * Creates a {@link CosineEmaRule}: the teacher is an exponential moving average of the student whose
 * momentum rises from {@code momentum} to {@code final-momentum} on a cosine schedule.
 *
 * <p>Only these two keys are declared: {@code dino.teacher} also holds the engine's own loss keys
 * (temperature, warmup-temperature, warmup-epochs, center-momentum), which no teacher-update
 * component may declare.
 */
public final class CosineEmaFactory implements TeacherUpdateFactory {

    static final String MOMENTUM = "momentum";
    static final String FINAL_MOMENTUM = "final-momentum";

    private static final List<ConfigKey> KEYS = List.of(
            ConfigKey.number(MOMENTUM, 0.996, "Base EMA momentum of the teacher, at the first iteration.")
                    .within(ValueRange.between(0, 1)),
            ConfigKey.number(FINAL_MOMENTUM, 1.0, "EMA momentum reached at the end of training on a cosine schedule.")
                    .within(ValueRange.between(0, 1)));

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

    /** Checks that the momentum does not fall; the engine has checked that each lies in [0, 1]. */
    @Override
    public List<ConfigProblem> validate(ComponentConfig config) {
        double base = config.getDouble(MOMENTUM).orElseThrow();
        double last = config.getDouble(FINAL_MOMENTUM).orElseThrow();
        if (base > last) {
            return List.of(new ConfigProblem(config.path(MOMENTUM), "must not exceed " + config.path(FINAL_MOMENTUM)
                    + " (" + last + "), got " + base));
        }
        return List.of();
    }

    @Override
    public TeacherUpdateRule create(ComponentConfig config) {
        return new CosineEmaRule(config.getDouble(MOMENTUM).orElseThrow(), config.getDouble(FINAL_MOMENTUM).orElseThrow());
    }
}
