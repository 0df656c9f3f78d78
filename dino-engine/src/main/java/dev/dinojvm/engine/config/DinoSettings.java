package dev.dinojvm.engine.config;

import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The validated, effective configuration of one command: every engine key and every key of the
 * selected components, each with its value and where the value came from. Immutable.
 *
 * <p>Built by {@link ConfigLoader}, which has already checked every value. Code reads the engine's
 * own settings through {@link #engine()}, parsed once; the key-name getters below are what that is
 * parsed with, and throw {@link IllegalArgumentException} only when asked for a key that is not a
 * setting, or for the wrong type.
 */
public final class DinoSettings {

    private final SortedMap<String, SettingValue> values;
    private final Map<ComponentKind, ComponentConfig> components;
    private final EngineSettings engine;

    /**
     * @param values effective values by full key path, every engine key with a valid value
     * @param components the configuration of the selected component of each kind
     * @throws IllegalArgumentException when an engine key lacks a value or has one of the wrong type
     */
    public DinoSettings(Map<String, SettingValue> values, Map<ComponentKind, ComponentConfig> components) {
        this.values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
        this.components = components.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(components));
        this.engine = EngineSettings.from(this);
    }

    /** @return the engine's own settings, typed: {@code engine().train().epochs()} */
    public EngineSettings engine() {
        return engine;
    }

    /**
     * @param key a full key path, e.g. {@code dino.train.output}
     * @return its value
     * @throws IllegalArgumentException when the key has no value
     */
    public String string(String key) {
        return optional(key).orElseThrow(() -> new IllegalArgumentException(key + " has no value"));
    }

    /** @return the value of {@code key} as an int */
    public int integer(String key) {
        return parse(key, Integer::parseInt, "an integer");
    }

    /** @return the value of {@code key} as a long */
    public long longValue(String key) {
        return parse(key, Long::parseLong, "an integer");
    }

    /** @return the value of {@code key} as a double */
    public double number(String key) {
        return parse(key, Double::parseDouble, "a number");
    }

    /** @return the value of {@code key}: {@code true} or {@code false} */
    public boolean bool(String key) {
        return parse(key, value -> {
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(value);
            }
            return Boolean.parseBoolean(value);
        }, "true or false");
    }

    /** @return the value of {@code key}, two numbers separated by a comma */
    public double[] pair(String key) {
        return parse(key, value -> {
            String[] parts = value.split(",");
            if (parts.length != 2) {
                throw new IllegalArgumentException(value);
            }
            return new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
        }, "two numbers separated by a comma");
    }

    /**
     * @param key a full key path
     * @return its value, or empty when it has none (such as {@code dino.data.path} without demo)
     */
    public Optional<String> optional(String key) {
        return Optional.ofNullable(values.get(key)).map(v -> v.value().trim());
    }

    /**
     * @param kind an extension point
     * @return the name of the selected component, the value of {@code <prefix>.type}
     */
    public String componentName(ComponentKind kind) {
        return string(EngineKeys.typeKey(kind));
    }

    /**
     * @param kind an extension point
     * @return the selected component's settings: what file, environment or command line (or the demo)
     *     set under its prefix, restricted to the keys it declares
     */
    public ComponentConfig component(ComponentKind kind) {
        ComponentConfig config = components.get(kind);
        if (config == null) {
            throw new IllegalArgumentException("no " + kind.label() + " component configuration");
        }
        return config;
    }

    /** @return every effective setting with its source, sorted by key */
    public Map<String, SettingValue> all() {
        return values;
    }

    /** @return every effective key and value, sorted by key, e.g. to record in a checkpoint */
    public Map<String, String> asProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        values.forEach((key, setting) -> properties.put(key, setting.value()));
        return Collections.unmodifiableMap(properties);
    }

    private <T> T parse(String key, Function<String, T> parser, String expected) {
        String value = string(key);
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": expected " + expected + ", got '" + value + "'", e);
        }
    }
}
