package dev.dinojvm.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of one component: the values a user set under the component's prefix, read through
 * the component's declared {@link ConfigKey keys} so that unset keys fall back to their defaults.
 *
 * <p>Typed getters throw {@link IllegalArgumentException} on a value that does not parse; the engine
 * checks every value against its key's declaration before a component sees the configuration, so a
 * component never sees that.
 */
public final class ComponentConfig {

    private final String prefix;
    private final Map<String, ConfigKey> keys = new LinkedHashMap<>();
    private final Map<String, String> values;

    /**
     * @param prefix the full prefix, e.g. {@code dino.backbone}, used in key paths of problems
     * @param keys the keys the component declares
     * @param values the values set by the user, by key name relative to the prefix
     */
    public ComponentConfig(String prefix, List<ConfigKey> keys, Map<String, String> values) {
        this.prefix = prefix;
        keys.forEach(k -> this.keys.put(k.name(), k));
        this.values = Map.copyOf(values);
    }

    /**
     * @param key a key relative to the prefix
     * @return whether the component declares it
     */
    public boolean declares(String key) {
        return keys.containsKey(key);
    }

    /**
     * @param key a declared key
     * @param value its value
     * @return the same configuration with {@code key} set to {@code value}, as if the user had set it (the
     *     engine sets values it derives from the training data this way)
     */
    public ComponentConfig with(String key, String value) {
        declared(key);
        Map<String, String> changed = new LinkedHashMap<>(values);
        changed.put(key, value);
        return new ComponentConfig(prefix, new ArrayList<>(keys.values()), changed);
    }

    /** @return the prefix, e.g. {@code dino.backbone} */
    public String prefix() {
        return prefix;
    }

    /**
     * @param key a key relative to the prefix
     * @return its full path, e.g. {@code dino.backbone.depth}
     */
    public String path(String key) {
        return prefix + "." + key;
    }

    /**
     * @param key a key relative to the prefix
     * @return whether the user set it (as opposed to it taking its default)
     */
    public boolean isSet(String key) {
        return values.containsKey(key);
    }

    /**
     * @param key a declared key
     * @return the value set by the user, else the declared default, else empty
     */
    public Optional<String> raw(String key) {
        String value = values.get(key);
        if (value != null) {
            return Optional.of(value.trim());
        }
        return Optional.ofNullable(declared(key).defaultValue());
    }

    /**
     * @param key a declared {@link ConfigType#STRING} key
     * @return its value or default, or empty when it has neither
     */
    public Optional<String> getString(String key) {
        return raw(key);
    }

    /**
     * @param key a declared {@link ConfigType#INTEGER} key
     * @return its value or default, or empty when it has neither
     */
    public Optional<Integer> getInt(String key) {
        return raw(key).map(v -> parse(key, v, Integer::parseInt));
    }

    /**
     * @param key a declared {@link ConfigType#DOUBLE} key
     * @return its value or default, or empty when it has neither
     */
    public Optional<Double> getDouble(String key) {
        return raw(key).map(v -> parse(key, v, Double::parseDouble));
    }

    /**
     * @param key a declared {@link ConfigType#BOOLEAN} key
     * @return its value or default
     */
    public boolean getBoolean(String key) {
        return raw(key).map(Boolean::parseBoolean).orElse(false);
    }

    /**
     * @param key a declared {@link ConfigType#DOUBLE_PAIR} key
     * @return its two numbers, or empty when it has no value
     */
    public Optional<double[]> getPair(String key) {
        return raw(key).map(v -> parse(key, v, s -> {
            String[] parts = s.split(",");
            return new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
        }));
    }

    /**
     * Checks every set value against its key's declaration: type, choices and (since SPI 1.2) range.
     * The engine runs these checks itself before {@link Component#validate}, which it calls only
     * when they all pass.
     *
     * @return one problem per value that does not parse, is not among the choices or lies outside the range
     */
    public List<ConfigProblem> typeProblems() {
        List<ConfigProblem> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            ConfigKey key = keys.get(e.getKey());
            if (key != null) { // unknown keys are the engine's to report, with the list of known ones
                key.problemWith(e.getValue()).ifPresent(message -> problems.add(new ConfigProblem(path(key.name()), message)));
            }
        }
        return problems;
    }

    /**
     * Whether a key's value can be read: unset, or set to a value that matches its declaration (type,
     * choices, range). Checks across keys in {@link Component#validate} of plugins built for SPI 1.0
     * and 1.1 use it to skip values {@link #typeProblems()} already reports.
     *
     * @param key a declared key
     * @return {@code true} when the typed getters will not throw for it
     */
    public boolean isValid(String key) {
        ConfigKey declared = declared(key);
        String value = values.get(key);
        return value == null || declared.problemWith(value).isEmpty();
    }

    private ConfigKey declared(String key) {
        ConfigKey declared = keys.get(key);
        if (declared == null) {
            throw new IllegalArgumentException(path(key) + " is not a declared key of this component");
        }
        return declared;
    }

    private <T> T parse(String key, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(path(key) + ": expected " + declared(key).type().expectation() + ", got '" + value + "'", e);
        }
    }
}
