package dev.dinojvm.engine.plugin;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The class loader of one drop-in plugin (a jar, or a directory of jars).
 *
 * <p>Delegation order:
 *
 * <ul>
 *   <li>the JDK's classes always come from the JDK;
 *   <li>the SPI ({@code dev.dinojvm.api}) and DJL ({@code ai.djl}) always come from the engine
 *       (parent-first), so that plugin and engine exchange the same {@code Class} objects and DJL's
 *       native library is loaded once, by the engine, whatever DJL copy a plugin jar carries;
 *   <li>everything else is looked for in the plugin's own jars first (child-first), so that a plugin
 *       can bundle another version of a library the engine also uses without either noticing.
 * </ul>
 *
 * <p>{@link URLClassLoader} only delegates parent-first; this class reverses that order for the
 * plugin's own classes and resources. The parent is the engine's loader (Quarkus's RunnerClassLoader
 * in the packaged CLI), which is only asked through its public {@code loadClass}/{@code getResource}.
 */
public final class PluginClassLoader extends URLClassLoader {

    /** Packages (as class name prefixes) that always come from the engine. */
    static final List<String> ENGINE_PACKAGES = List.of("dev.dinojvm.api.", "ai.djl.");

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final ClassLoader jdk = ClassLoader.getPlatformClassLoader();

    /**
     * @param name a name for diagnostics, e.g. {@code plugin foo.jar}
     * @param urls the plugin's jars
     * @param parent the engine's class loader
     */
    public PluginClassLoader(String name, URL[] urls, ClassLoader parent) {
        super(name, urls, parent);
    }

    /**
     * @param className a binary class name
     * @return whether the class must come from the engine whatever the plugin carries
     */
    static boolean isEngineClass(String className) {
        return className.startsWith("java.") || ENGINE_PACKAGES.stream().anyMatch(className::startsWith);
    }

    /**
     * @param resourceName a resource path, e.g. {@code ai/djl/engine/Engine.class}
     * @return whether the resource belongs to a package that comes from the engine
     */
    static boolean isEngineResource(String resourceName) {
        return isEngineClass(resourceName.replace('/', '.'));
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) {
                type = isEngineClass(name) ? getParent().loadClass(name) : loadChildFirst(name);
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    private Class<?> loadChildFirst(String name) throws ClassNotFoundException {
        try {
            // javax.*, jdk.*, sun.*, com.sun.*, org.w3c.* ...: whatever the JDK itself provides comes
            // from it; only packages the JDK lacks (such as javax.inject) may be the plugin's own.
            return jdk.loadClass(name);
        } catch (ClassNotFoundException notJdk) {
            // not a JDK class
        }
        try {
            return findClass(name);
        } catch (ClassNotFoundException notInPlugin) {
            return getParent().loadClass(name);
        }
    }

    @Override
    public URL getResource(String name) {
        if (isEngineResource(name)) {
            return getParent().getResource(name);
        }
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    /** The plugin's own resources first, then the engine's (for engine packages: the engine's only). */
    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (isEngineResource(name)) {
            return getParent().getResources(name);
        }
        // URL.equals may resolve host names: compare the text instead.
        Map<String, URL> urls = new LinkedHashMap<>();
        Collections.list(findResources(name)).forEach(url -> urls.putIfAbsent(url.toString(), url));
        Collections.list(getParent().getResources(name)).forEach(url -> urls.putIfAbsent(url.toString(), url));
        return Collections.enumeration(urls.values());
    }
}
