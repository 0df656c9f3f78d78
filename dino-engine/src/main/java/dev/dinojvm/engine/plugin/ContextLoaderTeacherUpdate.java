package dev.dinojvm.engine.plugin;

import ai.djl.nn.ParameterList;
import dev.dinojvm.api.TeacherUpdateRule;
import dev.dinojvm.api.TrainingProgress;

/** A plugin's {@link TeacherUpdateRule} whose calls run with the plugin's class loader as the context class loader. */
final class ContextLoaderTeacherUpdate implements TeacherUpdateRule {

    private final TeacherUpdateRule rule;
    private final ClassLoader loader;

    ContextLoaderTeacherUpdate(TeacherUpdateRule rule, ClassLoader loader) {
        this.rule = rule;
        this.loader = loader;
    }

    @Override
    public double momentum(TrainingProgress progress) {
        return ContextLoaders.call(loader, () -> rule.momentum(progress));
    }

    @Override
    public void update(ParameterList teacher, ParameterList student, TrainingProgress progress) {
        ContextLoaders.call(loader, () -> {
            rule.update(teacher, student, progress);
            return null;
        });
    }
}
