package dev.dinojvm.api;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.DoubleStream;

/**
 * One configuration key a component reads, with what its values may be: a type, and optionally the
 * allowed choices of a text key or the {@link ValueRange range} of a numeric one. The engine checks
 * every value against its key before the component sees it, and reports all problems at once.
 *
 * <pre>{@code
 * ConfigKey.integer("depth", 12, "Transformer blocks.").within(ValueRange.atLeast(1))
 * ConfigKey.number("drop-path", 0.1, "Stochastic depth rate.").within(ValueRange.atLeast(0).andBelow(1))
 * ConfigKey.text("arch", "vit_small", "Preset.", "vit_tiny", "vit_small", "vit_base")
 * }</pre>
 *
 * @param name the key relative to the component's prefix, kebab-case (e.g. {@code embed-dim})
 * @param type how the value is written
 * @param defaultValue the value used when the user sets none, or {@code null} when the key has no
 *     default (it is then derived from other keys, or optional)
 * @param description one sentence for {@code dino plugins describe} and {@code dino config show}
 * @param choices the allowed values of a {@link ConfigType#STRING} key, empty when any text is allowed
 * @param valueRange the numbers an {@link ConfigType#INTEGER} or {@link ConfigType#DOUBLE} key, or each
 *     of the two numbers of a {@link ConfigType#DOUBLE_PAIR} key, may take; {@link ValueRange#ANY} for
 *     any ({@code null} is read as that); since SPI 1.2
 * @param resumable whether a run may resume from a checkpoint trained with another value of this key
 *     (where the run writes, how often it logs, what it runs on); {@code false}, the default, for every
 *     key that changes what is trained: resuming with another value is refused, naming the key; since SPI 1.3
 */
public record ConfigKey(String name, ConfigType type, String defaultValue, String description, List<String> choices,
        ValueRange valueRange, boolean resumable) {

    /** Validates the record: a range only on a numeric key, a default that passes {@link #problemWith}. */
    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        choices = List.copyOf(choices);
        valueRange = valueRange == null ? ValueRange.ANY : valueRange;
        if (!valueRange.isUnbounded() && !isNumeric(type)) {
            throw new IllegalArgumentException(name + " is " + type + ": only numeric keys have a range");
        }
        Optional<String> defaultProblem = defaultValue == null ? Optional.empty() : problemWith(type, choices, valueRange, defaultValue);
        if (defaultProblem.isPresent()) {
            throw new IllegalArgumentException("default of " + name + ": " + defaultProblem.get());
        }
    }

    /**
     * The constructor of SPI 1.2, kept so that plugins built for it keep loading: a key that may not
     * change on resume.
     *
     * @param name key name
     * @param type value type
     * @param defaultValue default, or {@code null}
     * @param description one sentence
     * @param choices allowed values of a text key, or none
     * @param valueRange allowed numbers, or {@code null} for any
     */
    public ConfigKey(String name, ConfigType type, String defaultValue, String description, List<String> choices, ValueRange valueRange) {
        this(name, type, defaultValue, description, choices, valueRange, false);
    }

    /**
     * The constructor of SPI 1.0 and 1.1, kept so that plugins built for them keep loading.
     *
     * @param name key name
     * @param type value type
     * @param defaultValue default, or {@code null}
     * @param description one sentence
     * @param choices allowed values of a text key, or none
     */
    public ConfigKey(String name, ConfigType type, String defaultValue, String description, List<String> choices) {
        this(name, type, defaultValue, description, choices, ValueRange.ANY, false);
    }

    /**
     * @param range the numbers the key accepts
     * @return this key restricted to {@code range}
     * @throws IllegalArgumentException when the key is not numeric or its default lies outside
     * @since SPI 1.2
     */
    public ConfigKey within(ValueRange range) {
        return new ConfigKey(name, type, defaultValue, description, choices, range, resumable);
    }

    /**
     * @return this key, declared as one that may change when a run resumes (see {@link #resumable})
     * @since SPI 1.3
     */
    public ConfigKey mayChangeOnResume() {
        return new ConfigKey(name, type, defaultValue, description, choices, valueRange, true);
    }

    /**
     * Checks a value against this key: its type, then its choices or range.
     *
     * @param value the raw text, as a user wrote it
     * @return empty when the value is acceptable, else what is wrong with it, e.g. {@code must be at
     *     least 1, got 0}
     * @since SPI 1.2
     */
    public Optional<String> problemWith(String value) {
        return problemWith(type, choices, valueRange, value);
    }

    private static Optional<String> problemWith(ConfigType type, List<String> choices, ValueRange range, String value) {
        String v = value.trim();
        if (!type.accepts(v)) {
            return Optional.of("expected " + type.expectation() + ", got '" + v + "'");
        }
        if (!choices.isEmpty() && !choices.contains(v)) {
            return Optional.of("'" + v + "' is not one of " + String.join(", ", choices));
        }
        if (!range.isUnbounded() && !numbers(v).allMatch(range::contains)) {
            String subject = type == ConfigType.DOUBLE_PAIR ? "both numbers must be " : "must be ";
            return Optional.of(subject + range.describe() + ", got " + v);
        }
        return Optional.empty();
    }

    /** The numbers of a value that {@link ConfigType#accepts} as a numeric type. */
    private static DoubleStream numbers(String value) {
        return Arrays.stream(value.split(",")).mapToDouble(part -> Double.parseDouble(part.trim()));
    }

    private static boolean isNumeric(ConfigType type) {
        return type == ConfigType.INTEGER || type == ConfigType.DOUBLE || type == ConfigType.DOUBLE_PAIR;
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
