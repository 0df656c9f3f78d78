package dev.dinojvm.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import dev.dinojvm.api.ConfigType;
import dev.dinojvm.api.DinoPlugin;
import dev.dinojvm.engine.fixtures.PluginJars;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delegation order of a plugin's class loader, with jars that carry their own copies of classes
 * the engine also has: the SPI, DJL and the JDK always come from the engine, anything else from the
 * plugin first.
 */
class PluginClassLoaderTest {

    /** The engine's Gson (on this test's class path): a library a plugin may bundle in another version. */
    private static final String GSON = "com.google.gson.Gson";

    @TempDir
    static Path work;

    static Path carrier;

    @BeforeAll
    static void buildAJarCarryingCopies() throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        // The plugin's own "Gson": same name as the engine's, different behaviour.
        sources.put(GSON, "package com.google.gson;\n"
                + "public final class Gson { public static String origin() { return \"the plugin's copy\"; } }\n");
        sources.put("fixture.iso.Probe", "package fixture.iso;\n"
                + "public class Probe implements java.util.function.Supplier<String> {\n"
                + "  public String get() { return com.google.gson.Gson.origin(); }\n"
                + "}\n");
        Path classes = PluginJars.compile(sources, work.resolve("build"));
        carrier = work.resolve("carrier.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(carrier))) {
            add(out, classes, "com/google/gson/Gson.class");
            add(out, classes, "fixture/iso/Probe.class");
            // Byte-for-byte copies of engine and JDK classes, as a careless shaded jar would carry.
            copy(out, ConfigType.class);
            copy(out, Engine.class);
            copy(out, ToolProvider.class);
            out.putNextEntry(new JarEntry("fixture-resource.txt"));
            out.write("the plugin's resource".getBytes());
            out.closeEntry();
        }
    }

    @Test
    void spiAndDjlClassesComeFromTheEngineEvenWhenTheJarCarriesCopies() throws Exception {
        try (PluginClassLoader loader = loader(carrier)) {
            assertThat(loader.loadClass(ConfigType.class.getName())).isSameAs(ConfigType.class);
            assertThat(loader.loadClass(DinoPlugin.class.getName())).isSameAs(DinoPlugin.class);
            // DJL's Engine holds the native library: a second copy would load libtorch a second time.
            assertThat(loader.loadClass(Engine.class.getName())).isSameAs(Engine.class);
            assertThat(loader.getResource("ai/djl/engine/Engine.class").toString()).doesNotContain("carrier.jar");
            assertThat(Collections.list(loader.getResources("dev/dinojvm/api/ConfigType.class")))
                    .noneMatch(url -> url.toString().contains("carrier.jar"));
        }
    }

    @Test
    void jdkClassesComeFromTheJdkEvenWhenTheJarCarriesCopies() throws Exception {
        try (PluginClassLoader loader = loader(carrier)) {
            assertThat(loader.loadClass("java.lang.String")).isSameAs(String.class);
            assertThat(loader.loadClass(ToolProvider.class.getName())).isSameAs(ToolProvider.class);
        }
    }

    @Test
    void aClassAlsoOnTheEnginesClassPathIsThePluginsOwn() throws Exception {
        Class<?> enginesGson = Class.forName(GSON);
        try (PluginClassLoader loader = loader(carrier)) {
            Class<?> pluginsGson = loader.loadClass(GSON);
            @SuppressWarnings("unchecked")
            Supplier<String> probe = (Supplier<String>) loader.loadClass("fixture.iso.Probe").getConstructor().newInstance();

            assertThat(pluginsGson).isNotSameAs(enginesGson);
            assertThat(pluginsGson.getClassLoader()).isSameAs(loader);
            assertThat(probe.get()).isEqualTo("the plugin's copy");
            assertThat(enginesGson.getMethod("toJson", Object.class).invoke(enginesGson.getConstructor().newInstance(), 3))
                    .isEqualTo("3");
            // Resources follow the same order: the plugin's first, then the engine's.
            assertThat(loader.getResource("com/google/gson/Gson.class").toString()).contains("carrier.jar");
            List<URL> all = Collections.list(loader.getResources("com/google/gson/Gson.class"));
            assertThat(all).hasSize(2);
            assertThat(all.get(0).toString()).contains("carrier.jar");
            assertThat(all.get(1).toString()).doesNotContain("carrier.jar");
            assertThat(loader.getResource("fixture-resource.txt").toString()).contains("carrier.jar");
        }
    }

    @Test
    void classesTheJarLacksComeFromTheEngine() throws Exception {
        try (PluginClassLoader loader = loader(carrier)) {
            assertThat(loader.loadClass(PluginRegistry.class.getName())).isSameAs(PluginRegistry.class);
            assertThat(loader.getResource("META-INF/services/" + DinoPlugin.class.getName())).isNotNull();
        }
    }

    @Test
    void aSubdirectoryOfJarsIsOnePluginWithItsLibraries() throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("fixture.lib.Widths", "package fixture.lib;\n"
                + "public final class Widths { public static int width() { return 24; } }\n");
        sources.put("fixture.split.SplitPlugin", "package fixture.split;\n"
                + "import dev.dinojvm.api.*;\n"
                + "import java.util.List;\n"
                + "public class SplitPlugin implements DinoPlugin {\n"
                + "  public String name() { return \"split\"; }\n"
                + "  public String version() { return \"1.0\"; }\n"
                + "  public String spiVersion() { return SpiVersion.CURRENT; }\n"
                + "  public List<Component> components() { return List.of(new Split()); }\n"
                + "  public static class Split implements BackboneFactory {\n"
                + "    public String name() { return \"split-backbone\"; }\n"
                + "    public String description() { return \"width \" + fixture.lib.Widths.width(); }\n"
                + "    public List<ConfigKey> configKeys() { return List.of(); }\n"
                + "    public Backbone create(ComponentConfig config, ModelRole role) { throw new UnsupportedOperationException(); }\n"
                + "  }\n"
                + "}\n");
        Path classes = PluginJars.compile(sources, work.resolve("split-build"));
        Path dropIn = Files.createDirectories(work.resolve("drop-in"));
        Path pluginDir = Files.createDirectories(dropIn.resolve("split"));
        Path pluginJar = PluginJars.jar(classes, "fixture.split", pluginDir.resolve("split-plugin.jar"), "fixture.split.SplitPlugin");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(pluginDir.resolve("widths-lib.jar")))) {
            add(out, classes, "fixture/lib/Widths.class");
        }
        Files.createDirectories(dropIn.resolve("empty"));

        List<PluginSource> sources1 = PluginSource.directory(dropIn, getClass().getClassLoader());
        PluginRegistry registry = PluginRegistry.load(sources1, true);

        assertThat(sources1).extracting(PluginSource::location).containsExactly(pluginDir.toString());
        LoadedPlugin plugin = registry.plugins().get(0);
        assertThat(plugin.location()).isEqualTo(pluginJar.toString());
        assertThat(plugin.loader()).isInstanceOf(PluginClassLoader.class);
        assertThat(plugin.components().get(0).description()).isEqualTo("width 24");
    }

    private static PluginClassLoader loader(Path jar) throws IOException {
        return new PluginClassLoader("test " + jar.getFileName(), new URL[] {jar.toUri().toURL()},
                PluginClassLoaderTest.class.getClassLoader());
    }

    private static void add(JarOutputStream out, Path classes, String entry) throws IOException {
        out.putNextEntry(new JarEntry(entry));
        out.write(Files.readAllBytes(classes.resolve(entry)));
        out.closeEntry();
    }

    private static void copy(JarOutputStream out, Class<?> type) throws IOException {
        String entry = type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getClassLoader() == null
                ? ClassLoader.getSystemResourceAsStream(entry) : type.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(in.readAllBytes());
            out.closeEntry();
        }
    }
}
