package dev.dinojvm.engine.plugin;

import dev.dinojvm.api.Component;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.Suggestions;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The plugins the engine found, and their components by kind and name.
 *
 * <p>Built from a list of {@link PluginSource sources}: the application class path (the built-in
 * plugins), then one isolated {@link PluginClassLoader} per drop-in jar or directory of jars. A broken or incompatible plugin is skipped and listed in
 * {@link #problems()}; in strict mode any problem is fatal instead.
 */
public final class PluginRegistry {

    private final List<LoadedPlugin> plugins;
    private final List<PluginProblem> problems;
    private final Map<String, Component> componentsByName = new LinkedHashMap<>();
    private final Map<Component, LoadedPlugin> owners = new IdentityHashMap<>();

    private PluginRegistry(List<LoadedPlugin> plugins, List<PluginProblem> problems) {
        this.plugins = List.copyOf(plugins);
        this.problems = List.copyOf(problems);
        for (LoadedPlugin plugin : this.plugins) {
            for (Component component : plugin.components()) {
                componentsByName.put(component.name(), component);
                owners.put(component, plugin);
            }
        }
    }

    /**
     * Loads the plugins of every source, in order: on a duplicate component name the earlier source wins.
     *
     * @param sources where to look
     * @param strict whether a problem with any plugin is fatal
     * @return the registry
     * @throws PluginLoadException in strict mode, when there was any problem
     */
    public static PluginRegistry load(List<PluginSource> sources, boolean strict) {
        PluginDiscovery discovery = new PluginDiscovery();
        sources.forEach(discovery::scan);
        if (strict && !discovery.problems().isEmpty()) {
            throw new PluginLoadException(discovery.problems());
        }
        return new PluginRegistry(discovery.plugins(), discovery.problems());
    }

    /** @return the accepted plugins, in discovery order */
    public List<LoadedPlugin> plugins() {
        return plugins;
    }

    /** @return the plugins and components that were skipped, and why */
    public List<PluginProblem> problems() {
        return problems;
    }

    /**
     * @param kind an extension point
     * @param name a component name
     * @return the component of that kind and name
     */
    public Optional<Component> find(ComponentKind kind, String name) {
        return Optional.ofNullable(componentsByName.get(name)).filter(c -> c.kind() == kind);
    }

    /**
     * @param kind an extension point
     * @return its components, sorted by name
     */
    public List<Component> components(ComponentKind kind) {
        return componentsByName.values().stream()
                .filter(c -> c.kind() == kind)
                .sorted(Comparator.comparing(Component::name))
                .collect(Collectors.toList());
    }

    /**
     * @param name a component name
     * @return the component of that name, whatever its kind
     */
    public Optional<Component> findAnyKind(String name) {
        return Optional.ofNullable(componentsByName.get(name));
    }

    /**
     * @param kind an extension point
     * @param name a component name, as chosen by {@code <prefix>.type}
     * @param type the factory interface expected
     * @param <T> the factory interface
     * @return the component
     * @throws ConfigException naming the available components when there is none of that name
     */
    public <T extends Component> T require(ComponentKind kind, String name, Class<T> type) {
        Component component = find(kind, name).orElseThrow(() -> new ConfigException(List.of(unknownComponent(kind, name))));
        if (!type.isInstance(component)) {
            throw new ConfigException(List.of(new ConfigProblem(typeKey(kind),
                    "component '" + name + "' does not implement " + type.getName())));
        }
        return type.cast(component);
    }

    /**
     * @param kind an extension point
     * @param name a name no component of that kind has
     * @return the problem to report, listing the available names and the closest one
     */
    public ConfigProblem unknownComponent(ComponentKind kind, String name) {
        List<String> available = components(kind).stream().map(Component::name).collect(Collectors.toList());
        if (available.isEmpty()) {
            return new ConfigProblem(typeKey(kind), "unknown " + kind.label() + " '" + name + "': no " + kind.label()
                    + " component is installed (is its plugin jar missing? see 'dino plugins list')");
        }
        String suggestion = Suggestions.closest(name, available).map(s -> "; did you mean '" + s + "'?").orElse("");
        return new ConfigProblem(typeKey(kind),
                "unknown " + kind.label() + " '" + name + "'; available: " + String.join(", ", available) + suggestion);
    }

    /**
     * @param component a component of this registry
     * @return the plugin that provides it
     */
    public Optional<LoadedPlugin> pluginOf(Component component) {
        return Optional.ofNullable(owners.get(component));
    }

    private static String typeKey(ComponentKind kind) {
        return kind.configPrefix() + ".type";
    }
}
