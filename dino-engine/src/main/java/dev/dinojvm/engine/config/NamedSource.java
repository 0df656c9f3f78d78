package dev.dinojvm.engine.config;

import io.smallrye.config.common.MapBackedConfigSource;
import java.util.Map;

/** A configuration source with a name users read in {@code dino config show}. */
final class NamedSource extends MapBackedConfigSource {

    private static final long serialVersionUID = 1L;

    NamedSource(String name, Map<String, String> properties, int ordinal) {
        super(name, properties, ordinal);
    }
}
