package dev.dinojvm.engine.plugin;

import dev.dinojvm.api.AugmentationFactory;
import dev.dinojvm.api.BackboneFactory;
import dev.dinojvm.api.Component;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ConfigKey;
import dev.dinojvm.api.DinoPlugin;
import dev.dinojvm.api.HeadFactory;
import dev.dinojvm.api.SpiVersion;
import dev.dinojvm.api.ObjectiveFactory;
import dev.dinojvm.api.TeacherUpdateFactory;
import dev.dinojvm.engine.config.EngineKeys;
import dev.dinojvm.engine.util.Messages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the plugins of each {@link PluginSource} with {@link ServiceLoader}, one provider at a time,
 * so that a broken plugin is reported and skipped instead of stopping the engine.
 */
final class PluginDiscovery {

    /** Stops a source whose iterator keeps failing (ServiceLoader only promises best-effort recovery). */
    private static final int MAX_FAILURES_PER_SOURCE = 50;

    private static final String SERVICE_FILE = ServiceFiles.RESOURCE;

    private final List<LoadedPlugin> plugins = new ArrayList<>();
    private final List<PluginProblem> problems = new ArrayList<>();
    /** Component name to "plugin 'x' (location)", to report duplicates. */
    private final Map<String, String> componentOwners = new HashMap<>();

    List<LoadedPlugin> plugins() {
        return plugins;
    }

    List<PluginProblem> problems() {
        return problems;
    }

    /** Loads every plugin of {@code source}, with its loader as the context class loader. */
    void scan(PluginSource source) {
        int found = plugins.size() + problems.size();
        try (ContextLoaderSwap swap = ContextLoaderSwap.to(source.loader())) {
            scanProviders(source);
        }
        if (source.isolated() && plugins.size() + problems.size() == found) {
            // URLClassLoader ignores a jar it cannot open: say so rather than stay silent.
            problems.add(new PluginProblem(source.location(), "no plugin found: the jar has no " + SERVICE_FILE
                    + ", or is not a readable jar", "a plugin jar lists its DinoPlugin implementation in " + SERVICE_FILE));
        }
    }

    private void scanProviders(PluginSource source) {
        ServiceFiles serviceFiles = ServiceFiles.of(source.loader());
        Iterator<DinoPlugin> providers = ServiceLoader.load(DinoPlugin.class, source.loader()).iterator();
        int failures = 0;
        while (failures < MAX_FAILURES_PER_SOURCE) {
            DinoPlugin plugin;
            try {
                if (!providers.hasNext()) {
                    return;
                }
                plugin = providers.next();
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                failures++;
                reportProviderFailure(source, serviceFiles, e);
                continue;
            }
            if (source.isolated() && plugin.getClass().getClassLoader() != source.loader()) {
                reportShadowedCopy(source, serviceFiles, plugin);
                continue;
            }
            accept(source, serviceFiles, plugin);
        }
        problems.add(new PluginProblem(source.location(), "stopped looking for plugins after " + failures + " failures",
                "fix or remove the broken plugin jars listed above"));
    }

    /**
     * A provider defined by the parent loader belongs to the parent's source; but when this jar lists
     * it too, the jar holds a second copy of an installed plugin, which is never used.
     */
    private void reportShadowedCopy(PluginSource source, ServiceFiles serviceFiles, DinoPlugin plugin) {
        String className = plugin.getClass().getName();
        if (serviceFiles.isListedBy(className, source.location())) {
            String installed = ServiceFiles.locationOfClass(plugin.getClass()).orElse(PluginSource.CLASS_PATH);
            problems.add(new PluginProblem(source.location(), "this jar's copy of " + className + " is ignored: the same class is already "
                    + "installed from " + installed, "remove the jar, or the older copy"));
        }
    }

    private void reportProviderFailure(PluginSource source, ServiceFiles serviceFiles, Throwable error) {
        String reason = describe(error);
        Optional<String> provider = serviceFiles.providerNamedIn(reason);
        String location = provider.flatMap(serviceFiles::locationOf).orElse(source.location());
        if (source.isolated() && provider.isPresent() && !location.equals(source.location())) {
            return; // listed by a jar of the parent loader: reported when its own source is scanned
        }
        problems.add(new PluginProblem(location, reason, hintFor(error, reason)));
    }

    private void accept(PluginSource source, ServiceFiles serviceFiles, DinoPlugin plugin) {
        String className = plugin.getClass().getName();
        String location = ServiceFiles.locationOfClass(plugin.getClass())
                .or(() -> serviceFiles.locationOf(className))
                .orElse(source.location());
        String name;
        String version;
        String spiVersion;
        List<Component> components;
        try {
            name = plugin.name();
            version = plugin.version();
            spiVersion = plugin.spiVersion();
        } catch (RuntimeException | LinkageError e) {
            problems.add(new PluginProblem(location, "plugin " + className + " failed to describe itself: " + describe(e),
                    failureHint(e)));
            return;
        }
        String incompatibility = SpiVersion.incompatibility(spiVersion);
        if (incompatibility != null) {
            problems.add(new PluginProblem(location, "plugin '" + name + "' " + incompatibility,
                    "install a version of '" + name + "' built for SPI " + SpiVersion.MAJOR + ".x, up to " + SpiVersion.CURRENT));
            return;
        }
        try {
            components = plugin.components();
        } catch (RuntimeException | LinkageError e) {
            problems.add(new PluginProblem(location, "plugin '" + name + "' failed to list its components: " + describe(e),
                    failureHint(e)));
            return;
        }
        if (components == null) {
            problems.add(new PluginProblem(location, "plugin '" + name + "' returned no component list",
                    "report it to the plugin's author, or remove the jar"));
            return;
        }
        String owner = "plugin '" + name + "' (" + location + ")";
        List<Component> accepted = new ArrayList<>();
        for (Component component : components) {
            String defect = defectOf(component);
            if (defect != null) {
                problems.add(new PluginProblem(location, "plugin '" + name + "': " + defect,
                        "report it to the plugin's author; its other components are still available"));
                continue;
            }
            String previousOwner = componentOwners.putIfAbsent(component.name(), owner);
            if (previousOwner != null) {
                problems.add(new PluginProblem(location,
                        "component '" + component.name() + "' of plugin '" + name + "' is skipped: the name is already taken by "
                                + previousOwner,
                        "remove one of the two plugins; component names must be unique"));
                continue;
            }
            accepted.add(component);
        }
        plugins.add(new LoadedPlugin(name, version, spiVersion, location, accepted, plugin.getClass().getClassLoader()));
    }

    /** @return why the engine cannot use {@code component}, or {@code null} when it can */
    private static String defectOf(Component component) {
        if (component == null) {
            return "its component list holds null";
        }
        try {
            String name = component.name();
            if (name == null || name.isBlank() || !name.equals(name.strip()) || name.chars().anyMatch(Character::isWhitespace)) {
                return "component " + component.getClass().getName() + " has an invalid name '" + name + "'";
            }
            ComponentKind kind = component.kind();
            if (kind == null) {
                return "component '" + name + "' declares no kind";
            }
            Class<? extends Component> expected = factoryType(kind);
            if (!expected.isInstance(component)) {
                return "component '" + name + "' declares kind " + kind.label() + " but does not implement " + expected.getName();
            }
            List<ConfigKey> keys = component.configKeys();
            if (keys == null) {
                return "component '" + name + "' returned no configuration key list";
            }
            for (ConfigKey key : keys) {
                String defect = keyDefect(name, kind, key);
                if (defect != null) {
                    return defect;
                }
            }
            return null;
        } catch (RuntimeException | LinkageError e) {
            return "component " + component.getClass().getName() + " failed to describe itself: " + describe(e);
        }
    }

    /**
     * A component's key must not stand for an engine setting under the same prefix: {@code <prefix>.type}
     * chooses the component, and {@code dino.teacher} also holds the engine's loss keys.
     *
     * @return why {@code key} is not allowed, or {@code null} when it is
     */
    private static String keyDefect(String component, ComponentKind kind, ConfigKey key) {
        if (key == null) {
            return "component '" + component + "' declares the key null";
        }
        String path = kind.configPrefix() + "." + key.name();
        if (path.equals(EngineKeys.typeKey(kind))) {
            return "component '" + component + "' declares the key 'type', which is not allowed (" + path + " chooses the component)";
        }
        if (EngineKeys.key(path).isPresent()) {
            return "component '" + component + "' declares the key '" + key.name() + "', which is not allowed (" + path
                    + " is the engine's own setting; choose another name)";
        }
        return null;
    }

    /**
     * @param kind an extension point
     * @return the factory interface its components implement
     */
    static Class<? extends Component> factoryType(ComponentKind kind) {
        switch (kind) {
            case AUGMENTATION:
                return AugmentationFactory.class;
            case BACKBONE:
                return BackboneFactory.class;
            case HEAD:
                return HeadFactory.class;
            case TEACHER_UPDATE:
                return TeacherUpdateFactory.class;
            case OBJECTIVE:
                return ObjectiveFactory.class;
            default:
                throw new IllegalArgumentException("unknown kind " + kind);
        }
    }

    /** @return a one-line description of {@code error} and its cause, without the service name prefix */
    static String describe(Throwable error) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        message = message.replace(DinoPlugin.class.getName() + ": ", "");
        String text = error instanceof ServiceConfigurationError ? message : error.getClass().getSimpleName() + ": " + message;
        Throwable cause = error.getCause();
        if (cause != null && cause != error) {
            text += " (" + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")";
        }
        return Messages.oneLine(text);
    }

    /** @return what to do about a plugin method that threw {@code error} */
    private static String failureHint(Throwable error) {
        return error instanceof LinkageError ? hintFor(error, "") : "report it to the plugin's author, or remove the jar";
    }

    private static String hintFor(Throwable error, String reason) {
        if (error instanceof LinkageError) {
            return "the plugin needs a class that is missing: a dependency not packaged in its jar, "
                    + "or a plugin built against another version of dino-api or DJL";
        }
        if (reason.contains("not found")) {
            return "the jar's " + SERVICE_FILE + " names a class the jar does not contain: rebuild the plugin or remove the jar";
        }
        if (reason.contains("could not be instantiated")) {
            return "the plugin's constructor failed: report it to the plugin's author, or remove the jar";
        }
        if (reason.contains("not a subtype")) {
            return "the class named in " + SERVICE_FILE + " must implement " + DinoPlugin.class.getName();
        }
        if (reason.contains("constructor") || reason.contains("provider method")) {
            return "the plugin's entry point must be a public class with a public no-argument constructor";
        }
        return "rebuild the plugin against this engine's dino-api, or remove the jar";
    }
}
