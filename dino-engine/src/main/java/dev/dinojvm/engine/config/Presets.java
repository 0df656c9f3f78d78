package dev.dinojvm.engine.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The named configurations shipped in the engine, selectable with {@code --config NAME}. The index
 * ({@value #INDEX}) lists them in order, as {@code NAME=RESOURCE | purpose}; a class path cannot be
 * listed in a native image, hence the index.
 */
public final class Presets {

    static final String INDEX = "/presets/index.properties";

    /**
     * One preset.
     *
     * @param name what {@code --config} takes
     * @param resource the class path resource holding its settings (YAML or properties)
     * @param purpose one line saying what it is for
     */
    public record Preset(String name, String resource, String purpose) {

        /** @return the settings file's text */
        public String text() {
            return read(resource).orElseThrow(() -> new IllegalStateException(resource + " is missing from the engine"));
        }
    }

    private Presets() {}

    /** @return every preset, in the index's order */
    public static List<Preset> all() {
        String index = read(INDEX).orElseThrow(() -> new IllegalStateException(INDEX + " is missing from the engine"));
        List<Preset> presets = new ArrayList<>();
        for (String line : index.split("\n")) {
            String trimmed = line.strip();
            int equals = trimmed.indexOf('=');
            int bar = trimmed.indexOf('|');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || equals < 0 || bar < equals) {
                continue;
            }
            presets.add(new Preset(trimmed.substring(0, equals).strip(), trimmed.substring(equals + 1, bar).strip(),
                    trimmed.substring(bar + 1).strip()));
        }
        return presets;
    }

    /**
     * @param name a preset's name
     * @return the preset of that name
     */
    public static Optional<Preset> find(String name) {
        return all().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private static Optional<String> read(String resource) {
        try (InputStream in = Presets.class.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
