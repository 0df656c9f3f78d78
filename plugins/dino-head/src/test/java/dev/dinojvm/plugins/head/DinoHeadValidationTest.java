package dev.dinojvm.plugins.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dinojvm.api.ConfigProblem;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DinoHeadValidationTest {

    @Test
    void defaultsAreValid() {
        assertEquals(List.of(), HeadFixture.config(Map.of()).typeProblems());
        assertEquals(List.of(), HeadFixture.FACTORY.validate(HeadFixture.config(Map.of())));
    }

    @Test
    void everyValueOutsideItsDeclarationIsAProblemWithItsFullKeyPath() {
        List<ConfigProblem> problems = HeadFixture.config(Map.of(
                "out-dim", "many",
                "hidden-dim", "0",
                "bottleneck-dim", "-3",
                "layers", "0",
                "use-bn", "maybe")).typeProblems();

        Set<String> keys = problems.stream().map(ConfigProblem::key).collect(Collectors.toSet());
        assertEquals(Set.of("dino.head.out-dim", "dino.head.hidden-dim", "dino.head.bottleneck-dim",
                "dino.head.layers", "dino.head.use-bn"), keys);
        assertEquals(5, problems.size());
        assertEquals("must be at least 1, got -3", message(problems, "dino.head.bottleneck-dim"));
        assertTrue(message(problems, "dino.head.out-dim").contains("integer"));
    }

    @Test
    void oneLayerIsEnough() {
        assertEquals(List.of(), HeadFixture.config(Map.of("layers", "1")).typeProblems());
    }

    private static String message(List<ConfigProblem> problems, String key) {
        return problems.stream().filter(p -> p.key().equals(key)).findFirst().orElseThrow().message();
    }
}
