package dev.dinojvm.engine.config;

import dev.dinojvm.api.Component;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ConfigKey;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.plugin.ContextLoaderSwap;
import dev.dinojvm.engine.plugin.PluginRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The checks of {@link ConfigLoader}: unknown keys and variables, unknown components, every value against
 * its declared {@link ConfigKey} (the engine's and the selected components'), and the components' own checks.
 */
final class SettingsValidator {

    /** YAML lists also appear as {@code key[0]}, {@code key[1]} next to the joined {@code key}. */
    private static final Pattern INDEXED = Pattern.compile(".*\\[\\d+]$");

    private final PluginRegistry registry;
    private final Map<ComponentKind, Component> selected;
    private final Map<String, String> environment;
    /** Every known full key path. */
    private final TreeSet<String> knownKeys = new TreeSet<>();
    /** Environment variable name to the known key it sets. */
    private final Map<String, String> knownVariables = new LinkedHashMap<>();

    SettingsValidator(PluginRegistry registry, Map<ComponentKind, Component> selected, Map<String, String> environment) {
        this.registry = registry;
        this.selected = selected;
        this.environment = environment;
        EngineKeys.keys().forEach(key -> knownKeys.add(key.name()));
        selected.forEach((kind, component) -> {
            for (ConfigKey key : component.configKeys()) {
                knownKeys.add(kind.configPrefix() + "." + key.name());
            }
        });
        knownKeys.forEach(key -> knownVariables.put(variableName(key), key));
    }

    /**
     * @param key a full key path
     * @return the environment variable SmallRye maps to it: {@code dino.train.batch-size} is {@code DINO_TRAIN_BATCH_SIZE}
     */
    static String variableName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * @param sourceName where the keys come from, for the message
     * @param keys the keys a user source sets
     * @return one problem per key that is no setting of the engine or of a selected component
     */
    List<ConfigProblem> unknownKeys(String sourceName, Collection<String> keys) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (String key : new TreeSet<>(keys)) {
            if (knownKeys.contains(key) || INDEXED.matcher(key).matches() || underUnknownComponent(key)) {
                continue;
            }
            String message = key.startsWith("dino.")
                    ? "unknown setting (from " + sourceName + ")"
                    : "unknown setting (from " + sourceName + "); settings start with 'dino.'";
            String suggestion = Suggestions.closest(key, knownKeys).map(s -> "; did you mean '" + s + "'?").orElse("");
            problems.add(new ConfigProblem(key, message + suggestion));
        }
        return problems;
    }

    /** @return one problem per {@code DINO_*} environment variable that sets no known key */
    List<ConfigProblem> unknownVariables() {
        List<ConfigProblem> problems = new ArrayList<>();
        for (String variable : environment.keySet()) {
            if (knownVariables.containsKey(variable) || underUnknownComponent(variable.toLowerCase(Locale.ROOT).replace('_', '.'))) {
                continue;
            }
            String suggestion = Suggestions.closest(variable, knownVariables.keySet())
                    .map(s -> "; did you mean " + s + " (" + knownVariables.get(s) + ")?")
                    .orElse("");
            problems.add(new ConfigProblem(variable, "environment variable sets no known setting" + suggestion));
        }
        return problems;
    }

    /** @return one problem per {@code <prefix>.type} naming no installed component of its kind */
    List<ConfigProblem> unknownComponents(Map<String, SettingValue> values) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (ComponentKind kind : ComponentKind.values()) {
            SettingValue type = values.get(EngineKeys.typeKey(kind));
            if (type != null && !type.value().isBlank() && !selected.containsKey(kind)) {
                problems.add(registry.unknownComponent(kind, type.value().trim()));
            }
        }
        return problems;
    }

    /**
     * Checks every value of an engine key and of a selected component's key against the key's
     * declaration: type, choices and range.
     *
     * @param values effective values by full key path
     * @return one problem per bad value, naming the key, the value, what is allowed and where the value came from
     */
    List<ConfigProblem> valueProblems(Map<String, SettingValue> values) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (ConfigKey key : EngineKeys.keys()) {
            valueProblem(key.name(), values.get(key.name()), value -> EngineKeys.problemWith(key, value)).ifPresent(problems::add);
        }
        selected.forEach((kind, component) -> {
            for (ConfigKey key : component.configKeys()) {
                String path = kind.configPrefix() + "." + key.name();
                valueProblem(path, values.get(path), key::problemWith).ifPresent(problems::add);
            }
        });
        return problems;
    }

    private static Optional<ConfigProblem> valueProblem(String path, SettingValue setting, Function<String, Optional<String>> check) {
        if (setting == null) {
            return Optional.empty();
        }
        return check.apply(setting.value()).map(message -> new ConfigProblem(path, message + " (from " + setting.source() + ")"));
    }

    /**
     * Runs each selected component's own {@link Component#validate}, with its plugin's context class
     * loader; only for components whose values all match their declarations, as the SPI promises.
     *
     * @param configs the selected components' settings
     * @return what they find
     */
    List<ConfigProblem> componentProblems(Map<ComponentKind, ComponentConfig> configs) {
        List<ConfigProblem> problems = new ArrayList<>();
        selected.forEach((kind, component) -> {
            ComponentConfig config = configs.get(kind);
            if (!config.typeProblems().isEmpty()) {
                return; // reported by valueProblems
            }
            try (ContextLoaderSwap swap = ContextLoaderSwap.of(component)) {
                List<ConfigProblem> found = component.validate(config);
                if (found != null) {
                    problems.addAll(found);
                }
            } catch (RuntimeException | LinkageError e) {
                problems.add(new ConfigProblem(kind.configPrefix(), "component '" + component.name()
                        + "' failed while checking its settings: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        });
        return problems;
    }

    /** Keys under the prefix of a kind whose component is unknown cannot be checked: its type problem says why. */
    private boolean underUnknownComponent(String key) {
        for (ComponentKind kind : ComponentKind.values()) {
            if (!selected.containsKey(kind) && key.startsWith(kind.configPrefix() + ".")) {
                return true;
            }
        }
        return false;
    }
}
