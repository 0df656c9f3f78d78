package dev.dinojvm.engine.plugin;

import dev.dinojvm.api.DinoPlugin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code META-INF/services} files a class loader sees, to tell which jar lists which plugin
 * class. {@link java.util.ServiceLoader} names only the class when it cannot load one; this index
 * turns that into the jar the user has to fix.
 */
final class ServiceFiles {

    static final String RESOURCE = "META-INF/services/" + DinoPlugin.class.getName();

    /** Provider class name to the locations of the service files listing it, in class loader order. */
    private final Map<String, Set<String>> locations;

    private ServiceFiles(Map<String, Set<String>> locations) {
        this.locations = locations;
    }

    /**
     * @param loader the loader to read the service files of (its parents' included)
     * @return the index, empty when the files cannot be read
     */
    static ServiceFiles of(ClassLoader loader) {
        Map<String, Set<String>> locations = new LinkedHashMap<>();
        try {
            Enumeration<URL> urls = loader.getResources(RESOURCE);
            for (URL url : Collections.list(urls)) {
                String location = locationOfResource(url);
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    reader.lines()
                            .map(line -> line.replaceFirst("#.*", "").trim())
                            .filter(line -> !line.isEmpty())
                            .forEach(name -> locations.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(location));
                }
            }
        } catch (IOException e) {
            // Only the precision of problem reports suffers: locations fall back to the source's.
        }
        return new ServiceFiles(locations);
    }

    /**
     * @param text an error message of {@link java.util.ServiceLoader}
     * @return the longest listed provider class name the message mentions
     */
    Optional<String> providerNamedIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return locations.keySet().stream()
                .filter(text::contains)
                .max((a, b) -> Integer.compare(a.length(), b.length()));
    }

    /**
     * @param providerClass a provider class name
     * @return the first jar or directory whose service file lists it
     */
    Optional<String> locationOf(String providerClass) {
        return locations.getOrDefault(providerClass, Set.of()).stream().findFirst();
    }

    /**
     * @param providerClass a provider class name
     * @param location a jar or directory
     * @return whether the service file of {@code location} lists the class
     */
    boolean isListedBy(String providerClass, String location) {
        return locations.getOrDefault(providerClass, Set.of()).contains(location);
    }

    /**
     * @param type a class
     * @return the jar or directory it was loaded from, when its protection domain says
     */
    static Optional<String> locationOfClass(Class<?> type) {
        CodeSource codeSource = type.getProtectionDomain().getCodeSource();
        if (codeSource == null || codeSource.getLocation() == null) {
            return Optional.empty();
        }
        return Optional.of(toLocation(codeSource.getLocation()));
    }

    /**
     * @param resource the URL of a service file
     * @return the jar or class directory holding it
     */
    static String locationOfResource(URL resource) {
        String text = resource.toString();
        if (text.startsWith("jar:") && text.contains("!/")) {
            try {
                return toLocation(new URL(text.substring("jar:".length(), text.indexOf("!/"))));
            } catch (IOException e) {
                return text;
            }
        }
        if ("file".equals(resource.getProtocol())) {
            try {
                // a class directory: go up from <dir>/META-INF/services/<interface> to <dir>
                Path dir = Path.of(resource.toURI()).getParent().getParent().getParent();
                return dir.toString();
            } catch (URISyntaxException | IllegalArgumentException e) {
                return text;
            }
        }
        return text;
    }

    private static String toLocation(URL url) {
        if ("file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI()).toString();
            } catch (URISyntaxException | IllegalArgumentException e) {
                return url.toString();
            }
        }
        return url.toString();
    }
}
