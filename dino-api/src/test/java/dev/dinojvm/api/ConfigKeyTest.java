package dev.dinojvm.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {

    @Test
    void aValueOutsideTheRangeIsRefusedNamingValueAndRange() {
        ConfigKey depth = ConfigKey.integer("depth", 12, "blocks").within(ValueRange.atLeast(1));
        assertEquals(Optional.of("must be at least 1, got 0"), depth.problemWith("0"));
        assertEquals(Optional.empty(), depth.problemWith(" 1 "));
        assertEquals(Optional.of("expected an integer, got '1.5'"), depth.problemWith("1.5"), "the type is checked first");

        ConfigKey dropPath = ConfigKey.number("drop-path", 0.1, "rate").within(ValueRange.atLeast(0).andBelow(1));
        assertEquals(Optional.of("must be at least 0 and below 1, got 1.0"), dropPath.problemWith("1.0"));

        ConfigKey scale = ConfigKey.range("scale", "0.4,1.0", "crop scale").within(ValueRange.greaterThan(0).andAtMost(1));
        assertEquals(Optional.of("both numbers must be greater than 0 and at most 1, got 0,0.4"), scale.problemWith("0,0.4"));
        assertEquals(Optional.empty(), scale.problemWith("0.05, 0.4"));
    }

    @Test
    void aKeyMayChangeOnResumeOnlyWhenDeclaredSoAndKeepsItThroughWithin() {
        ConfigKey logEvery = ConfigKey.integer("log-every", 10, "steps").mayChangeOnResume().within(ValueRange.atLeast(1));
        assertTrue(logEvery.resumable());
        assertEquals(Optional.of("must be at least 1, got 0"), logEvery.problemWith("0"));
        assertFalse(ConfigKey.integer("depth", 12, "blocks").within(ValueRange.atLeast(1)).resumable());
        // The constructors of SPI 1.0 to 1.2, which plugins built for them call: keys that may not change.
        assertFalse(new ConfigKey("depth", ConfigType.INTEGER, "12", "blocks", List.of()).resumable());
        assertFalse(new ConfigKey("depth", ConfigType.INTEGER, "12", "blocks", List.of(), ValueRange.atLeast(1)).resumable());
    }

    @Test
    void choicesAreCheckedAfterTheType() {
        ConfigKey arch = ConfigKey.text("arch", "vit_small", "preset", "vit_tiny", "vit_small");
        assertEquals(Optional.of("'vit_huge' is not one of vit_tiny, vit_small"), arch.problemWith("vit_huge"));
        assertEquals(Optional.empty(), arch.problemWith("vit_tiny"));
    }

    @Test
    void aDefaultOutsideTheRangeOrARangeOnTextIsAProgrammingError() {
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> ConfigKey.integer("depth", 0, "blocks").within(ValueRange.atLeast(1)));
        assertEquals("default of depth: must be at least 1, got 0", outside.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConfigKey.text("arch", "a", "preset").within(ValueRange.atLeast(1)));
        assertThrows(IllegalArgumentException.class, () -> ConfigKey.text("arch", "c", "preset", "a", "b"));
        assertEquals(ValueRange.ANY, new ConfigKey("k", ConfigType.INTEGER, "1", "d", List.of(), null).valueRange());
    }

    /**
     * Plugins built for SPI 1.0 and 1.1 call these members; their descriptors must not change, or those
     * plugins fail with NoSuchMethodError when they list their keys.
     */
    @Test
    void theMembersOfSpi11KeepTheirSignatures() throws NoSuchMethodException {
        ConfigKey.class.getConstructor(String.class, ConfigType.class, String.class, String.class, List.class);
        assertEquals(ConfigKey.class, ConfigKey.class.getMethod("integer", String.class, Integer.class, String.class).getReturnType());
        assertEquals(ConfigKey.class, ConfigKey.class.getMethod("number", String.class, Double.class, String.class).getReturnType());
        assertEquals(ConfigKey.class, ConfigKey.class.getMethod("bool", String.class, boolean.class, String.class).getReturnType());
        assertEquals(ConfigKey.class, ConfigKey.class.getMethod("range", String.class, String.class, String.class).getReturnType());
        assertEquals(ConfigKey.class, ConfigKey.class.getMethod("text", String.class, String.class, String.class, String[].class)
                .getReturnType());
        assertEquals(List.class, ConfigKey.class.getMethod("choices").getReturnType());
        assertEquals(List.class, ComponentConfig.class.getMethod("typeProblems").getReturnType());
        assertEquals(boolean.class, ComponentConfig.class.getMethod("isValid", String.class).getReturnType());
    }

    /** The jar's manifest ({@code Dino-Spi-Version}, from the POM) and the constant plugins compile in agree. */
    @Test
    void theManifestVersionInThePomIsTheCurrentSpiVersion() throws IOException {
        Matcher version = Pattern.compile("<dino\\.spi\\.version>([^<]+)</dino\\.spi\\.version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(version.find(), "dino-api/pom.xml defines dino.spi.version");
        assertEquals(SpiVersion.CURRENT, version.group(1));
    }
}
