package dev.dinojvm.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ComponentConfigTest {

    private static final List<ConfigKey> KEYS = List.of(
            ConfigKey.integer("depth", 12, "blocks").within(ValueRange.atLeast(1)),
            ConfigKey.number("drop-path", 0.1, "rate"),
            ConfigKey.bool("norm-last-layer", true, "fixed gain"),
            ConfigKey.range("scale", "0.4,1.0", "crop scale"),
            ConfigKey.text("arch", "vit_small", "preset", "vit_tiny", "vit_small"),
            ConfigKey.integer("heads", null, "derived"));

    @Test
    void setValuesWinOverDefaultsAndUnsetKeysWithoutDefaultAreEmpty() {
        ComponentConfig config = new ComponentConfig("dino.backbone", KEYS, Map.of("depth", " 4 ", "scale", "0.05, 0.4"));
        assertEquals(4, config.getInt("depth").orElseThrow());
        assertTrue(config.isSet("depth"));
        assertEquals(0.1, config.getDouble("drop-path").orElseThrow());
        assertFalse(config.isSet("drop-path"));
        assertTrue(config.getBoolean("norm-last-layer"));
        assertArrayEquals(new double[] {0.05, 0.4}, config.getPair("scale").orElseThrow());
        assertEquals("vit_small", config.getString("arch").orElseThrow());
        assertTrue(config.getInt("heads").isEmpty());
        assertEquals("dino.backbone.depth", config.path("depth"));
    }

    @Test
    void typeProblemsListEveryBadValueWithItsFullPath() {
        ComponentConfig config = new ComponentConfig("dino.backbone", KEYS,
                Map.of("depth", "deep", "drop-path", "NaN", "norm-last-layer", "yes", "scale", "0.4", "arch", "vit_huge",
                        "unknown", "1"));
        Map<String, String> problems = config.typeProblems().stream()
                .collect(Collectors.toMap(ConfigProblem::key, ConfigProblem::message));
        assertEquals(5, problems.size(), problems.toString());
        assertEquals("expected an integer, got 'deep'", problems.get("dino.backbone.depth"));
        assertTrue(problems.get("dino.backbone.drop-path").startsWith("expected a number"));
        assertTrue(problems.get("dino.backbone.norm-last-layer").startsWith("expected true or false"));
        assertTrue(problems.get("dino.backbone.scale").startsWith("expected two numbers"));
        assertEquals("'vit_huge' is not one of vit_tiny, vit_small", problems.get("dino.backbone.arch"));
    }

    @Test
    void readingAnUndeclaredKeyOrAnUnparsableValueFailsWithThePath() {
        ComponentConfig config = new ComponentConfig("dino.head", KEYS, Map.of("depth", "x"));
        IllegalArgumentException undeclared = assertThrows(IllegalArgumentException.class, () -> config.raw("nope"));
        assertTrue(undeclared.getMessage().contains("dino.head.nope"));
        IllegalArgumentException unparsable = assertThrows(IllegalArgumentException.class, () -> config.getInt("depth"));
        assertTrue(unparsable.getMessage().startsWith("dino.head.depth: expected an integer"));
    }

    @Test
    void aDefaultOfTheWrongTypeIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> new ConfigKey("k", ConfigType.INTEGER, "1.5", "d", List.of()));
    }

    @Test
    void isValidTellsWhichValuesTheGettersCanRead() {
        ComponentConfig config = new ComponentConfig("dino.backbone", KEYS, Map.of("depth", "deep", "arch", "vit_huge", "drop-path", "0.2"));
        assertFalse(config.isValid("depth"));
        assertFalse(config.isValid("arch"), "a value outside the choices");
        assertTrue(config.isValid("drop-path"));
        assertTrue(config.isValid("heads"), "unset, no default");
        assertTrue(config.isValid("scale"), "unset, default");
        assertThrows(IllegalArgumentException.class, () -> config.isValid("nope"));
        assertFalse(new ComponentConfig("dino.backbone", KEYS, Map.of("depth", "0")).isValid("depth"), "a value outside the range");
    }

    @Test
    void typeProblemsIncludeValuesOutsideTheirRange() {
        ComponentConfig config = new ComponentConfig("dino.backbone", KEYS, Map.of("depth", "0"));
        assertEquals(List.of(new ConfigProblem("dino.backbone.depth", "must be at least 1, got 0")), config.typeProblems());
    }
}
