package dev.dinojvm.plugins.ema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ConfigKey;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.api.DinoPlugin;
import dev.dinojvm.api.SpiVersion;
import dev.dinojvm.api.TeacherUpdateFactory;
import dev.dinojvm.api.TeacherUpdateRule;
import dev.dinojvm.api.TrainingProgress;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CosineEmaFactoryTest {

    private final CosineEmaFactory factory = new CosineEmaFactory();

    @Test
    void declaresOnlyItsOwnKeysWithTheReferenceDefaults() {
        assertEquals(List.of("momentum", "final-momentum"), factory.configKeys().stream().map(ConfigKey::name).toList());
        assertEquals(List.of(), factory.validate(config(Map.of())));

        TeacherUpdateRule rule = factory.create(config(Map.of()));

        assertEquals(0.996, rule.momentum(new TrainingProgress(0, 100, 0, 10)), 1e-15);
        assertEquals(1.0, rule.momentum(new TrainingProgress(100, 100, 10, 10)), 1e-15);
    }

    @Test
    void readsTheConfiguredMomenta() {
        TeacherUpdateRule rule = factory.create(config(Map.of("momentum", "0.9", "final-momentum", "0.99")));

        assertEquals(0.9, rule.momentum(new TrainingProgress(0, 100, 0, 10)), 1e-15);
        assertEquals(0.945, rule.momentum(new TrainingProgress(50, 100, 5, 10)), 1e-15);
    }

    @Test
    void declaresBothMomentaWithinZeroAndOne() {
        List<ConfigProblem> problems = config(Map.of("momentum", "-0.5", "final-momentum", "1.5")).typeProblems();

        assertEquals(Set.of(new ConfigProblem("dino.teacher.momentum", "must be between 0 and 1, got -0.5"),
                new ConfigProblem("dino.teacher.final-momentum", "must be between 0 and 1, got 1.5")), Set.copyOf(problems));
        assertEquals(2, problems.size());
    }

    @Test
    void reportsMomentumAboveFinalMomentum() {
        List<ConfigProblem> problems = factory.validate(config(Map.of("momentum", "0.999", "final-momentum", "0.99")));

        assertEquals(1, problems.size());
        assertEquals("dino.teacher.momentum", problems.get(0).key());
        assertTrue(problems.get(0).message().contains("dino.teacher.final-momentum"), problems.get(0).message());
    }

    @Test
    void reportsValuesThatAreNotNumbersAlongsideRangeProblems() {
        List<ConfigProblem> problems = config(Map.of("momentum", "high", "final-momentum", "2")).typeProblems();

        assertEquals(Set.of("dino.teacher.momentum", "dino.teacher.final-momentum"), keys(problems));
        assertEquals(2, problems.size());
    }

    @Test
    void pluginIsRegisteredForTheServiceLoader() {
        List<DinoPlugin> plugins = ServiceLoader.load(DinoPlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("ema-teacher"))
                .toList();

        assertEquals(1, plugins.size());
        assertEquals("0.1.0", plugins.get(0).version());
        assertNull(SpiVersion.incompatibility(plugins.get(0).spiVersion()));
        assertEquals(1, plugins.get(0).components().size());
        assertInstanceOf(TeacherUpdateFactory.class, plugins.get(0).components().get(0));
        assertEquals("cosine-ema", plugins.get(0).components().get(0).name());
        assertEquals(ComponentKind.TEACHER_UPDATE, plugins.get(0).components().get(0).kind());
    }

    private ComponentConfig config(Map<String, String> values) {
        return new ComponentConfig("dino.teacher", factory.configKeys(), values);
    }

    private static Set<String> keys(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::key).collect(Collectors.toSet());
    }
}
