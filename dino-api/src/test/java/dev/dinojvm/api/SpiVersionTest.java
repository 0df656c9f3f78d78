package dev.dinojvm.api;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpiVersionTest {

    @Test
    void acceptsTheSameMajorAndAnOlderOrEqualMinor() {
        assertNull(SpiVersion.incompatibility(SpiVersion.MAJOR + ".0"));
        assertNull(SpiVersion.incompatibility(SpiVersion.CURRENT));
    }

    @Test
    void refusesAnotherMajorANewerMinorAndMalformedVersions() {
        String otherMajor = SpiVersion.incompatibility((SpiVersion.MAJOR + 1) + ".0");
        assertNotNull(otherMajor);
        assertTrue(otherMajor.contains("major versions must match"), otherMajor);
        String newerMinor = SpiVersion.incompatibility(SpiVersion.MAJOR + "." + (SpiVersion.MINOR + 1));
        assertNotNull(newerMinor);
        assertTrue(newerMinor.contains("newer than this engine"), newerMinor);
        assertNotNull(SpiVersion.incompatibility("1"));
        assertNotNull(SpiVersion.incompatibility(null));
        assertNotNull(SpiVersion.incompatibility("1.x"));
    }
}
