package dev.dinojvm.engine.config;

import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ConfigKey;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The validated, effective configuration of one command: every engine key and every key of the
 * selected components, each with its value and where the value came from. Immutable.
 *
 * <p>Built by {@link ConfigLoader}, which has already checked every value. Code reads the engine's
 * own settings through {@link #engine()}, parsed once, and a component's through {@link #component};
 * the key-name getters below are what {@link EngineSettings} is parsed with, and are not for code
 * outside this package.
 */
public final class DinoSettings {

    private final SortedMap<String, SettingValue> values;
    private final Map<ComponentKind, ComponentConfig> components;
    private final Set<String> resumableKeys;
    private EngineSettings engine;

    /**
     * Settings of the engine's keys only, with no component: an engine key without a value takes its
     * default (as {@link ConfigLoader} would give it), e.g. in tests.
     *
     * @param values valid values by full key path
     * @param components the configuration of the selected component of each kind
     */
    public DinoSettings(Map<String, SettingValue> values, Map<ComponentKind, ComponentConfig> components) {
        this(values, components, engineResumableKeys());
    }

    /**
     * @param values effective values by full key path, every engine key with a valid value
     * @param components the configuration of the selected component of each kind
     * @param resumableKeys the full paths of the engine's and the components' keys declared {@link ConfigKey#resumable}
     */
    DinoSettings(Map<String, SettingValue> values, Map<ComponentKind, ComponentConfig> components, Set<String> resumableKeys) {
        this.values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
        this.components = components.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(components));
        this.resumableKeys = Set.copyOf(resumableKeys);
    }

    private static Set<String> engineResumableKeys() {
        Set<String> keys = new TreeSet<>();
        EngineKeys.keys().stream().filter(ConfigKey::resumable).forEach(key -> keys.add(key.name()));
        return keys;
    }

    /**
     * @return the engine's own settings, typed: {@code engine().train().epochs()}; parsed on the first call
     * @throws IllegalArgumentException when an engine key lacks a value or has one of the wrong type
     */
    public synchronized EngineSettings engine() {
        if (engine == null) {
            engine = EngineSettings.from(this);
        }
        return engine;
    }

    /**
     * @return the full paths of the keys, the engine's and the selected components', whose value may
     *     differ between a checkpoint and the run that resumes it, as their declarations say
     */
    public Set<String> resumableKeys() {
        return resumableKeys;
    }

    /**
     * @param key a full key path, e.g. {@code dino.train.output}
     * @return its value
     * @throws IllegalArgumentException when the key has no value
     */
    String string(String key) {
        return optional(key).orElseThrow(() -> new IllegalArgumentException(key + " has no value"));
    }

    /** @return the value of {@code key} as an int */
    int integer(String key) {
        return parse(key, Integer::parseInt, "an integer");
    }

    /** @return the value of {@code key} as a long */
    long longValue(String key) {
        return parse(key, Long::parseLong, "an integer");
    }

    /** @return the value of {@code key} as a double */
    double number(String key) {
        return parse(key, Double::parseDouble, "a number");
    }

    /** @return the value of {@code key}: {@code true} or {@code false} */
    boolean bool(String key) {
        return parse(key, value -> {
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(value);
            }
            return Boolean.parseBoolean(value);
        }, "true or false");
    }

    /**
     * @param key a full key path
     * @return its value, else an engine key's default, else empty (such as {@code dino.data.path} without demo)
     */
    Optional<String> optional(String key) {
        return Optional.ofNullable(values.get(key)).map(v -> v.value().trim())
                .or(() -> EngineKeys.key(key).map(ConfigKey::defaultValue));
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

    /**
     * @param kind the extension point of the selected component that declares {@code key}
     * @param key the key, relative to the component's prefix
     * @param value the value
     * @param source where the value comes from, as {@code dino config show} lists it (e.g. {@code training data})
     * @return the same settings with the value set, for the component and in {@link #asProperties()}
     */
    public DinoSettings withComponentValue(ComponentKind kind, String key, String value, String source) {
        ComponentConfig config = component(kind).with(key, value);
        Map<String, SettingValue> changedValues = new TreeMap<>(values);
        changedValues.put(config.path(key), new SettingValue(value, source));
        Map<ComponentKind, ComponentConfig> changedComponents = new EnumMap<>(components);
        changedComponents.put(kind, config);
        return new DinoSettings(changedValues, changedComponents, resumableKeys);
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
