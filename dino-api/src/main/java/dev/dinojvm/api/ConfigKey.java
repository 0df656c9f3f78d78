package dev.dinojvm.api;

import java.util.List;
import java.util.Objects;

/**
 * One configuration key a component reads.
 *
 * @param name the key relative to the component's prefix, kebab-case (e.g. {@code embed-dim})
 * @param type how the value is written
 * @param defaultValue the value used when the user sets none, or {@code null} when the key has no
 *     default (it is then derived from other keys, or optional)
 * @param description one sentence for {@code dino plugins describe} and {@code dino config show}
 * @param choices the allowed values of a {@link ConfigType#STRING} key, empty when any text is allowed
 */
public record ConfigKey(
        String name, ConfigType type, String defaultValue, String description, List<String> choices) {

    /** Validates the record. */
    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        choices = List.copyOf(choices);
        if (defaultValue != null && !type.accepts(defaultValue)) {
            throw new IllegalArgumentException("default '" + defaultValue + "' of " + name + " is not " + type.expectation());
        }
    }

    /**
     * @param name key name
     * @param defaultValue default, or {@code null}
     * @param description one sentence
     * @return an {@link ConfigType#INTEGER} key
     */
    public static ConfigKey integer(String name, Integer defaultValue, String description) {
        return new ConfigKey(name, ConfigType.INTEGER, defaultValue == null ? null : defaultValue.toString(), description, List.of());
    }

    /**
     * @param name key name
     * @param defaultValue default, or {@code null}
     * @param description one sentence
     * @return a {@link ConfigType#DOUBLE} key
     */
    public static ConfigKey number(String name, Double defaultValue, String description) {
        return new ConfigKey(name, ConfigType.DOUBLE, defaultValue == null ? null : defaultValue.toString(), description, List.of());
    }

    /**
     * @param name key name
     * @param defaultValue default
     * @param description one sentence
     * @return a {@link ConfigType#BOOLEAN} key
     */
    public static ConfigKey bool(String name, boolean defaultValue, String description) {
        return new ConfigKey(name, ConfigType.BOOLEAN, Boolean.toString(defaultValue), description, List.of());
    }

    /**
     * @param name key name
     * @param defaultValue default, e.g. {@code "0.4,1.0"}
     * @param description one sentence
     * @return a {@link ConfigType#DOUBLE_PAIR} key
     */
    public static ConfigKey range(String name, String defaultValue, String description) {
        return new ConfigKey(name, ConfigType.DOUBLE_PAIR, defaultValue, description, List.of());
    }

    /**
     * @param name key name
     * @param defaultValue default, or {@code null}
     * @param description one sentence
     * @param choices allowed values, or none for free text
     * @return a {@link ConfigType#STRING} key
     */
    public static ConfigKey text(String name, String defaultValue, String description, String... choices) {
        return new ConfigKey(name, ConfigType.STRING, defaultValue, description, List.of(choices));
    }
}
