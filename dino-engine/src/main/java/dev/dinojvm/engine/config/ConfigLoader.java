package dev.dinojvm.engine.config;

import dev.dinojvm.api.Component;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ConfigKey;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.plugin.PluginRegistry;
import io.smallrye.config.ConfigValue;
import dev.dinojvm.engine.weights.ChannelAdaptation;
import dev.dinojvm.engine.weights.ImpliedArchitecture;
import dev.dinojvm.engine.weights.WeightsFileException;
import dev.dinojvm.engine.weights.WeightsFormat;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Builds the configuration of one command from its layers, lowest precedence first:
 *
 * <ol>
 *   <li>defaults: the engine's keys ({@code default}) and the selected components' declared
 *       defaults ({@code default (plugin <name>)});
 *   <li>the embedded demo settings, only when no higher layer sets {@code dino.data.path};
 *   <li>the backbone architecture that the {@code dino.train.init-from} weights file implies (register
 *       count, LayerScale, patch size, width, depth, ...); a user setting that contradicts it is refused;
 *   <li>the {@code --config} file;
 *   <li>environment variables, SmallRye-style ({@code DINO_TRAIN_EPOCHS} is {@code dino.train.epochs});
 *   <li>shorthand options such as {@code --epochs}, then {@code --set key=value}.
 * </ol>
 *
 * <p>One SmallRye {@link SmallRyeConfig} is built per invocation from these sources only: the
 * Quarkus application's own configuration is not consulted. The result is validated as a whole and
 * every problem reported at once in a {@link ConfigException}.
 */
public final class ConfigLoader {

    /**
     * Variables of the {@code ./dino} launcher and the CLI itself, not settings. {@code DINO_ALLOW_DOWNLOAD} is
     * {@code runtime.NativeLibrarySelection.ALLOW_DOWNLOAD}, spelt out here because runtime depends on config.
     */
    static final java.util.Set<String> LAUNCHER_VARIABLES = java.util.Set.of("DINO_JAVA_OPTS", "DINO_REBUILD", "DINO_DEBUG",
            "DINO_SERVE_TOKEN", "DINO_ALLOW_DOWNLOAD");


    /** Source name of the engine's defaults. */
    public static final String DEFAULT_SOURCE = "default";
    /** Source name of the embedded demo settings. */
    public static final String DEMO_SOURCE = "embedded demo (no dino.data.path given)";
    /** Source name of {@code --set} assignments. */
    public static final String SET_SOURCE = "--set";
    /** Class path resource holding the demo settings. */
    static final String DEMO_RESOURCE = "/dino-demo.properties";

    private static final int COMPONENT_DEFAULTS_ORDINAL = 100;
    private static final int ENGINE_DEFAULTS_ORDINAL = 110;
    private static final int DEMO_ORDINAL = 150;
    private static final int INIT_FROM_ORDINAL = 160;
    private static final int FILE_ORDINAL = 200;
    private static final int ENV_ORDINAL = 300;
    private static final int OPTION_ORDINAL = 390;
    private static final int SET_ORDINAL = 400;

    private final PluginRegistry registry;
    private final Map<String, String> environment;

    /**
     * @param registry the components that may be selected
     * @param environment the process environment (only {@code DINO_*} variables are read)
     */
    public ConfigLoader(PluginRegistry registry, Map<String, String> environment) {
        this.registry = registry;
        Map<String, String> dinoVariables = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("DINO_") && !LAUNCHER_VARIABLES.contains(name)) {
                dinoVariables.put(name, value);
            }
        });
        this.environment = Map.copyOf(dinoVariables);
    }

    /**
     * @param input the command's {@code --config}, shorthand options and {@code --set} assignments
     * @return the validated settings
     * @throws ConfigException listing every problem: unreadable file, malformed assignments, unknown
     *     keys, bad values, unknown components, and the components' own checks
     */
    public DinoSettings load(ConfigInput input) {
        return load(input, SET_SOURCE);
    }

    /**
     * Like {@link #load(ConfigInput)}, naming the assignments' source differently, e.g. for settings
     * that arrive in an API request rather than as {@code --set} options.
     *
     * @param input the configuration input
     * @param assignmentsSource the name problems give to the source of {@code input.assignments()}
     * @return the validated settings
     * @throws ConfigException listing every problem
     */
    public DinoSettings load(ConfigInput input, String assignmentsSource) {
        UserLayers user = userLayers(input, assignmentsSource);
        SmallRyeConfig withoutDefaultsOfComponents = build(user.sources, false, Map.of());

        Map<ComponentKind, Component> selected = new EnumMap<>(ComponentKind.class);
        for (ComponentKind kind : ComponentKind.values()) {
            String name = withoutDefaultsOfComponents.getConfigValue(EngineKeys.typeKey(kind)).getValue();
            if (name != null) {
                registry.find(kind, name.trim()).ifPresent(component -> selected.put(kind, component));
            }
        }
        boolean demo = withoutDefaultsOfComponents.getConfigValue(EngineKeys.DATA_PATH).getValue() == null;
        List<ConfigProblem> initProblems = new ArrayList<>();
        List<ConfigSource> sources = new ArrayList<>(user.sources);
        impliedByInitialWeights(withoutDefaultsOfComponents, selected.get(ComponentKind.BACKBONE), initProblems)
                .ifPresent(implied -> sources.add(new NamedSource("--init-from " + implied.file().getFileName(),
                        implied.withPrefix(ComponentKind.BACKBONE.configPrefix()), INIT_FROM_ORDINAL)));
        SmallRyeConfig config = build(sources, demo, selected);

        Map<String, SettingValue> values = effectiveValues(config, selected);
        Map<ComponentKind, ComponentConfig> componentConfigs = componentConfigs(config, selected);

        SettingsValidator validator = new SettingsValidator(registry, selected, environment);
        List<ConfigProblem> problems = new ArrayList<>();
        for (ConfigSource source : user.checkedSources) {
            problems.addAll(validator.unknownKeys(source.getName(), source.getPropertyNames()));
        }
        problems.addAll(validator.unknownVariables());
        List<ConfigProblem> valueProblems = validator.valueProblems(values);
        problems.addAll(valueProblems);
        if (valueProblems.stream().noneMatch(p -> EngineKeys.key(p.key()).isPresent())) {
            problems.addAll(EngineKeys.crossKeyProblems(values));
        }
        problems.addAll(initProblems);
        problems.addAll(validator.unknownComponents(values));
        problems.addAll(validator.componentProblems(componentConfigs));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new DinoSettings(values, componentConfigs, resumableKeys(selected));
    }

    /**
     * @param input the command's configuration options
     * @param environment the process environment
     * @return the plugins directory the user set ({@link EngineKeys#PLUGINS_DIR}), read before the
     *     plugins are loaded (see {@link #userValue})
     */
    public static Optional<String> pluginsDirectory(ConfigInput input, Map<String, String> environment) {
        return userValue(input, environment, EngineKeys.PLUGINS_DIR);
    }

    /**
     * Reads one key from the user's layers only (file, environment, options, {@code --set}), without
     * validating anything: for the settings needed before the plugins are loaded, such as {@link
     * EngineKeys#PLUGINS_DIR}. Problems are left to {@link #load}, which reports them all.
     *
     * @param input the command's configuration options
     * @param environment the process environment
     * @param key a full key path
     * @return the value the user set, if any and if the layers can be read
     */
    static Optional<String> userValue(ConfigInput input, Map<String, String> environment, String key) {
        try {
            UserLayers user = new ConfigLoader(null, environment).userLayers(input, SET_SOURCE);
            return Optional.ofNullable(new SmallRyeConfigBuilder().withSources(user.sources).build()
                    .getConfigValue(key).getValue());
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }

    /** The file, environment, shorthand and {@code --set} sources, checked before anything else. */
    private UserLayers userLayers(ConfigInput input, String assignmentsSource) {
        List<ConfigProblem> problems = new ArrayList<>();
        UserLayers layers = new UserLayers();
        if (input.configFile() != null) {
            try {
                ConfigSource file = UserConfigFile.read(input.configFile(), FILE_ORDINAL);
                layers.sources.add(file);
                layers.checkedSources.add(file);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        layers.sources.add(new EnvConfigSource(environment, ENV_ORDINAL));
        for (ConfigInput.OptionValue option : input.options()) {
            layers.sources.add(new NamedSource(option.option(), Map.of(option.key(), option.value()), OPTION_ORDINAL));
        }
        Map<String, String> assignments = new LinkedHashMap<>();
        for (String assignment : input.assignments()) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                problems.add(new ConfigProblem(assignment,
                        "--set expects key=value, e.g. --set " + EngineKeys.TRAIN_EPOCHS + "=10"));
            } else {
                assignments.put(assignment.substring(0, equals).trim(), assignment.substring(equals + 1));
            }
        }
        NamedSource set = new NamedSource(assignmentsSource, assignments, SET_ORDINAL);
        layers.sources.add(set);
        layers.checkedSources.add(set);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return layers;
    }

    /**
     * With {@code dino.train.init-from}: what the file implies for the backbone, and into {@code problems}
     * the user's settings that contradict it, or why the file cannot be read.
     */
    private static Optional<ImpliedArchitecture> impliedByInitialWeights(SmallRyeConfig user, Component backbone,
            List<ConfigProblem> problems) {
        String file = user.getConfigValue(EngineKeys.TRAIN_INIT_FROM).getValue();
        if (file == null || backbone == null) {
            return Optional.empty();
        }
        try {
            String formatName = user.getConfigValue(EngineKeys.TRAIN_INIT_FORMAT).getValue();
            Optional<WeightsFormat> format = WeightsFormat.parse(formatName == null ? "auto" : formatName.trim());
            ImpliedArchitecture implied = ImpliedArchitecture.read(Path.of(file.trim()), format, backbone);
            String adapt = user.getConfigValue(EngineKeys.TRAIN_INIT_ADAPT_CHANNELS).getValue();
            problems.addAll(implied.contradictions(backbone, ComponentKind.BACKBONE.configPrefix(),
                    key -> Optional.ofNullable(user.getConfigValue(key).getValue()),
                    ChannelAdaptation.forTraining(adapt != null && Boolean.parseBoolean(adapt.trim()))));
            return Optional.of(implied);
        } catch (WeightsFileException | IllegalArgumentException e) {
            problems.add(new ConfigProblem(EngineKeys.TRAIN_INIT_FROM, e.getMessage()));
            return Optional.empty();
        }
    }

    private SmallRyeConfig build(List<ConfigSource> userSources, boolean demo, Map<ComponentKind, Component> selected) {
        // No discovered sources or interceptors: exactly these layers, values taken literally.
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withSources(new NamedSource(DEFAULT_SOURCE, EngineKeys.defaults(), ENGINE_DEFAULTS_ORDINAL));
        selected.forEach((kind, component) -> builder.withSources(new NamedSource(
                componentDefaultsName(component), componentDefaults(kind, component), COMPONENT_DEFAULTS_ORDINAL)));
        if (demo) {
            builder.withSources(new NamedSource(DEMO_SOURCE, demoSettings(), DEMO_ORDINAL));
        }
        return builder.withSources(userSources).build();
    }

    private Map<String, SettingValue> effectiveValues(SmallRyeConfig config, Map<ComponentKind, Component> selected) {
        Map<String, SettingValue> values = new TreeMap<>();
        List<String> keys = new ArrayList<>();
        EngineKeys.keys().forEach(key -> keys.add(key.name()));
        selected.forEach((kind, component) -> component.configKeys().forEach(key -> keys.add(kind.configPrefix() + "." + key.name())));
        for (String key : keys) {
            ConfigValue value = config.getConfigValue(key);
            if (value.getValue() != null) {
                values.put(key, new SettingValue(value.getValue(), sourceLabel(key, value.getConfigSourceName())));
            }
        }
        return values;
    }

    /** The keys, the engine's and the selected components', declared as changeable on resume. */
    private static Set<String> resumableKeys(Map<ComponentKind, Component> selected) {
        Set<String> keys = new TreeSet<>();
        EngineKeys.keys().stream().filter(ConfigKey::resumable).forEach(key -> keys.add(key.name()));
        selected.forEach((kind, component) -> component.configKeys().stream().filter(ConfigKey::resumable)
                .forEach(key -> keys.add(kind.configPrefix() + "." + key.name())));
        return keys;
    }

    /** Each component sees what was set under its prefix (demo included), not the declared defaults. */
    private Map<ComponentKind, ComponentConfig> componentConfigs(SmallRyeConfig config, Map<ComponentKind, Component> selected) {
        Map<ComponentKind, ComponentConfig> configs = new EnumMap<>(ComponentKind.class);
        Set<String> defaultSources = new HashSet<>();
        defaultSources.add(DEFAULT_SOURCE);
        selected.values().forEach(component -> defaultSources.add(componentDefaultsName(component)));
        selected.forEach((kind, component) -> {
            Map<String, String> set = new LinkedHashMap<>();
            for (ConfigKey key : component.configKeys()) {
                ConfigValue value = config.getConfigValue(kind.configPrefix() + "." + key.name());
                if (value.getValue() != null && !defaultSources.contains(value.getConfigSourceName())) {
                    set.put(key.name(), value.getValue());
                }
            }
            configs.put(kind, new ComponentConfig(kind.configPrefix(), component.configKeys(), set));
        });
        return configs;
    }

    private String sourceLabel(String key, String sourceName) {
        if (EnvConfigSource.NAME.equals(sourceName)) {
            String variable = SettingsValidator.variableName(key);
            return environment.containsKey(variable) ? "env " + variable : "environment";
        }
        return sourceName;
    }

    private String componentDefaultsName(Component component) {
        String plugin = registry.pluginOf(component).map(p -> p.name()).orElse(component.name());
        return DEFAULT_SOURCE + " (plugin " + plugin + ")";
    }

    private static Map<String, String> componentDefaults(ComponentKind kind, Component component) {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (ConfigKey key : component.configKeys()) {
            if (key.defaultValue() != null) {
                defaults.put(kind.configPrefix() + "." + key.name(), key.defaultValue());
            }
        }
        return defaults;
    }

    /** @return the embedded demo settings, from {@value #DEMO_RESOURCE} */
    static Map<String, String> demoSettings() {
        Properties properties = new Properties();
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEMO_RESOURCE + " is missing from the engine");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEMO_RESOURCE, e);
        }
        Map<String, String> settings = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key)));
        return settings;
    }

    /** The user's sources in precedence order, and those whose keys must all be known. */
    private static final class UserLayers {
        final List<ConfigSource> sources = new ArrayList<>();
        final List<ConfigSource> checkedSources = new ArrayList<>();
    }
}
