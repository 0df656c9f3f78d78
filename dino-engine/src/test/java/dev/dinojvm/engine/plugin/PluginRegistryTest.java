package dev.dinojvm.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dinojvm.api.BackboneFactory;
import dev.dinojvm.api.Component;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.HeadFactory;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.fixtures.PluginJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery from plugin jars built by the test itself, each in a class loader of its own. */
class PluginRegistryTest {

    @TempDir
    static Path work;

    static Path good;
    static Path future;
    static Path newer;
    static Path missing;
    static Path duplicate;
    static Path broken;

    @BeforeAll
    static void buildJars() throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("fixture.good.GoodPlugin", plugin("fixture.good", "GoodPlugin", "good", "1.0", "good-backbone"));
        sources.put("fixture.future.FuturePlugin", plugin("fixture.future", "FuturePlugin", "future", "2.0", "future-backbone"));
        sources.put("fixture.newer.NewerPlugin", plugin("fixture.newer", "NewerPlugin", "newer", "1.9", "newer-backbone"));
        sources.put("fixture.missing.Present", plugin("fixture.missing", "Present", "present", "1.0", "present-backbone"));
        sources.put("fixture.dup.DupPlugin", plugin("fixture.dup", "DupPlugin", "dup", "1.0", "good-backbone", "dup-backbone"));
        sources.put("fixture.broken.Boom", "package fixture.broken;\n"
                + "public class Boom extends fixture.good.GoodPlugin {\n"
                + "  public Boom() { throw new IllegalStateException(\"boom in constructor\"); }\n"
                + "}\n");
        sources.put("fixture.broken.NoEntry", "package fixture.broken;\n"
                + "public class NoEntry extends fixture.good.GoodPlugin {\n"
                + "  public NoEntry(String needsAnArgument) {}\n"
                + "}\n");
        Path classes = PluginJars.compile(sources, work.resolve("build"));
        Path jars = Files.createDirectories(work.resolve("jars"));
        good = PluginJars.jar(classes, "fixture.good", jars.resolve("good.jar"), "fixture.good.GoodPlugin");
        future = PluginJars.jar(classes, "fixture.future", jars.resolve("future.jar"), "fixture.future.FuturePlugin");
        newer = PluginJars.jar(classes, "fixture.newer", jars.resolve("newer.jar"), "fixture.newer.NewerPlugin");
        // The first provider is listed but not packaged; the second one is fine.
        missing = PluginJars.jar(classes, "fixture.missing", jars.resolve("missing.jar"), "fixture.missing.Gone", "fixture.missing.Present");
        duplicate = PluginJars.jar(classes, "fixture.dup", jars.resolve("dup.jar"), "fixture.dup.DupPlugin");
        // Boom and NoEntry extend GoodPlugin: the jar carries it too, but lists only the broken ones.
        broken = Files.createDirectories(work.resolve("broken")).resolve("broken.jar");
        Path brokenClasses = Files.createDirectories(work.resolve("broken-classes"));
        copyPackage(classes, brokenClasses, "fixture/broken");
        copyPackage(classes, brokenClasses, "fixture/good");
        PluginJars.jar(brokenClasses, "fixture", broken, "fixture.broken.Boom", "fixture.broken.NoEntry");
    }

    @Test
    void aGoodPluginIsListedWithItsJarAndComponents() {
        PluginRegistry registry = load(false, good);

        assertThat(registry.problems()).isEmpty();
        // Only the jar's own plugin: the fixture on the test class path is its parent's, not its own.
        assertThat(registry.plugins()).hasSize(1);
        LoadedPlugin plugin = registry.plugins().get(0);
        assertThat(plugin.name()).isEqualTo("good");
        assertThat(plugin.version()).isEqualTo("1.2.3");
        assertThat(plugin.spiVersion()).isEqualTo("1.0"); // as the jar declares it
        assertThat(plugin.location()).isEqualTo(good.toAbsolutePath().toString());
        assertThat(names(plugin.components())).containsExactly("good-backbone");
        assertThat(registry.find(ComponentKind.BACKBONE, "good-backbone")).isPresent();
        assertThat(registry.find(ComponentKind.HEAD, "good-backbone")).isEmpty();
        assertThat(names(registry.components(ComponentKind.BACKBONE))).containsExactly("good-backbone");
        assertThat(registry.components(ComponentKind.HEAD)).isEmpty();
    }

    @Test
    void pluginsBuiltForAnotherSpiAreSkippedWithTheirJarNamed() {
        PluginRegistry registry = load(false, good, future, newer);

        assertThat(registry.plugins()).extracting(LoadedPlugin::name).containsExactly("good");
        assertThat(registry.problems()).hasSize(2);
        PluginProblem major = registry.problems().get(0);
        assertThat(major.location()).isEqualTo(future.toAbsolutePath().toString());
        assertThat(major.reason()).contains("'future'").contains("2.0").contains("major");
        assertThat(major.toString()).contains("future.jar");
        PluginProblem minor = registry.problems().get(1);
        assertThat(minor.location()).isEqualTo(newer.toAbsolutePath().toString());
        assertThat(minor.reason()).contains("'newer'").contains("1.9").contains("newer than");
        assertThat(minor.hint()).contains(dev.dinojvm.api.SpiVersion.CURRENT);
        assertThat(registry.find(ComponentKind.BACKBONE, "future-backbone")).isEmpty();
    }

    @Test
    void aMissingProviderClassIsReportedAndTheNextProviderStillLoads() {
        PluginRegistry registry = load(false, missing);

        assertThat(registry.problems()).hasSize(1);
        PluginProblem problem = registry.problems().get(0);
        assertThat(problem.location()).isEqualTo(missing.toAbsolutePath().toString());
        assertThat(problem.reason()).contains("fixture.missing.Gone").contains("not found");
        assertThat(problem.hint()).contains("does not contain");
        assertThat(registry.plugins()).extracting(LoadedPlugin::name).containsExactly("present");
    }

    @Test
    void aThrowingConstructorAndAMissingNoArgumentConstructorAreReported() {
        PluginRegistry registry = load(false, broken);

        assertThat(registry.plugins()).isEmpty();
        assertThat(registry.problems()).hasSize(2);
        assertThat(registry.problems()).allSatisfy(p -> assertThat(p.location()).isEqualTo(broken.toAbsolutePath().toString()));
        assertThat(registry.problems().get(0).reason()).contains("fixture.broken.Boom").contains("boom in constructor");
        assertThat(registry.problems().get(1).reason()).contains("fixture.broken.NoEntry");
        assertThat(registry.problems().get(1).hint()).contains("no-argument constructor");
    }

    @Test
    void aDuplicateComponentNameIsSkippedAndReported() {
        PluginRegistry registry = load(false, good, duplicate);

        Component kept = registry.find(ComponentKind.BACKBONE, "good-backbone").orElseThrow();
        assertThat(registry.pluginOf(kept).orElseThrow().name()).isEqualTo("good");
        LoadedPlugin dup = registry.plugins().get(1);
        assertThat(dup.name()).isEqualTo("dup");
        assertThat(names(dup.components())).containsExactly("dup-backbone");
        assertThat(registry.problems()).hasSize(1);
        PluginProblem problem = registry.problems().get(0);
        assertThat(problem.location()).isEqualTo(duplicate.toAbsolutePath().toString());
        assertThat(problem.reason()).contains("'good-backbone'").contains("'dup'").contains("good.jar");
    }

    @Test
    void strictModeMakesAnyProblemFatal() {
        assertThat(load(true, good).plugins()).hasSize(1);

        assertThatThrownBy(() -> load(true, good, future, missing))
                .isInstanceOfSatisfying(PluginLoadException.class, e -> {
                    assertThat(e.problems()).extracting(PluginProblem::location).containsExactly(
                            future.toAbsolutePath().toString(), missing.toAbsolutePath().toString());
                    assertThat(e.getMessage()).contains("future.jar").contains("missing.jar");
                });
    }

    @Test
    void pluginCodeRunsWithItsOwnClassLoaderAsContextLoader() {
        PluginSource source = PluginSource.jar(good, getClass().getClassLoader());
        PluginRegistry registry = PluginRegistry.load(List.of(source), false);
        Component component = registry.find(ComponentKind.BACKBONE, "good-backbone").orElseThrow();
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        ClassLoader during = registry.callWithContextLoader(component, () -> Thread.currentThread().getContextClassLoader());

        assertThat(during).isSameAs(source.loader()).isNotSameAs(before);
        assertThat(component.getClass().getClassLoader()).isSameAs(source.loader());
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
        assertThatThrownBy(() -> registry.callWithContextLoader(component, () -> {
            throw new IllegalStateException("plugin failure");
        })).hasMessage("plugin failure");
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }

    @Test
    void requireNamesTheAvailableComponentsWhenTheNameIsUnknown() {
        PluginRegistry registry = load(false, good, duplicate);

        assertThat(registry.require(ComponentKind.BACKBONE, "good-backbone", BackboneFactory.class).name()).isEqualTo("good-backbone");
        assertThatThrownBy(() -> registry.require(ComponentKind.BACKBONE, "god-backbone", BackboneFactory.class))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).key()).isEqualTo("dino.backbone.type");
                    assertThat(e.problems().get(0).message())
                            .contains("'god-backbone'").contains("dup-backbone, good-backbone").contains("did you mean 'good-backbone'");
                });
        assertThatThrownBy(() -> registry.require(ComponentKind.BACKBONE, "good-backbone", HeadFactory.class))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> registry.require(ComponentKind.HEAD, "any", HeadFactory.class))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.problems().get(0).message()).contains("no head component is installed"));
    }

    @Test
    void aPluginsDirectoryGivesOneIsolatedSourcePerJar() throws IOException {
        Path dir = Files.createDirectories(work.resolve("drop-in"));
        Files.copy(good, dir.resolve("b-good.jar"));
        Files.copy(future, dir.resolve("a-future.jar"));
        Files.writeString(dir.resolve("README.txt"), "not a jar");
        Files.writeString(dir.resolve("c-corrupt.jar"), "not a zip file");

        List<PluginSource> sources = PluginSource.directory(dir, getClass().getClassLoader());
        PluginRegistry registry = PluginRegistry.load(sources, false);

        assertThat(sources).extracting(s -> Path.of(s.location()).getFileName().toString())
                .containsExactly("a-future.jar", "b-good.jar", "c-corrupt.jar");
        assertThat(sources).allSatisfy(s -> assertThat(s.isolated()).isTrue());
        assertThat(registry.plugins()).extracting(LoadedPlugin::location).containsExactly(dir.resolve("b-good.jar").toString());
        assertThat(registry.problems()).extracting(PluginProblem::location)
                .containsExactly(dir.resolve("a-future.jar").toString(), dir.resolve("c-corrupt.jar").toString());
        assertThat(registry.problems().get(1).reason()).startsWith("no plugin found");
    }

    @Test
    void aDropInCopyOfAnInstalledPluginIsReportedAsIgnored() throws IOException {
        // Lists the class-path fixture: the jar's class loader delegates to its parent, which defines it.
        Path copy = PluginJars.jar(work.resolve("build/classes"), "no.classes", work.resolve("copy.jar"),
                "dev.dinojvm.engine.fixtures.CliFixturePlugin");

        PluginRegistry registry = load(false, copy);

        assertThat(registry.plugins()).isEmpty();
        assertThat(registry.problems()).hasSize(1);
        assertThat(registry.problems().get(0).location()).isEqualTo(copy.toAbsolutePath().toString());
        assertThat(registry.problems().get(0).reason()).contains("CliFixturePlugin is ignored").contains("test-classes");
    }

    @Test
    void theClassPathSourceFindsTheTestFixtureWithItsClassDirectory() {
        PluginRegistry registry = PluginRegistry.load(List.of(PluginSource.classPath(getClass().getClassLoader())), false);

        LoadedPlugin fixture = registry.plugins().stream().filter(p -> p.name().equals("cli-fixture")).findFirst().orElseThrow();
        assertThat(Path.of(fixture.location()).getFileName().toString()).isEqualTo("test-classes");
        assertThat(registry.find(ComponentKind.TEACHER_UPDATE, "fixture-teacher")).isPresent();
    }

    private static PluginRegistry load(boolean strict, Path... jars) {
        List<PluginSource> sources = Stream.of(jars).map(j -> PluginSource.jar(j, PluginRegistryTest.class.getClassLoader()))
                .collect(Collectors.toList());
        return PluginRegistry.load(sources, strict);
    }

    private static List<String> names(List<Component> components) {
        return components.stream().map(Component::name).collect(Collectors.toList());
    }

    private static void copyPackage(Path from, Path to, String packagePath) throws IOException {
        Path source = from.resolve(packagePath);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                Path target = to.resolve(from.relativize(file));
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }

    /** A plugin with backbone components of the given names. */
    private static String plugin(String javaPackage, String className, String name, String spi, String... components) {
        StringBuilder source = new StringBuilder("package " + javaPackage + ";\n"
                + "import dev.dinojvm.api.*;\n"
                + "import java.util.List;\n"
                + "public class " + className + " implements DinoPlugin {\n"
                + "  public String name() { return \"" + name + "\"; }\n"
                + "  public String version() { return \"1.2.3\"; }\n"
                + "  public String spiVersion() { return \"" + spi + "\"; }\n"
                + "  public List<Component> components() { return List.of(");
        for (int i = 0; i < components.length; i++) {
            source.append(i == 0 ? "" : ", ").append("new C").append(i).append("()");
        }
        source.append("); }\n");
        for (int i = 0; i < components.length; i++) {
            source.append("  public static class C").append(i).append(" implements BackboneFactory {\n")
                    .append("    public String name() { return \"").append(components[i]).append("\"; }\n")
                    .append("    public String description() { return \"A fixture backbone.\"; }\n")
                    .append("    public List<ConfigKey> configKeys() { return List.of(ConfigKey.integer(\"width\", 8, \"Width.\")); }\n")
                    .append("    public Backbone create(ComponentConfig config, ModelRole role) { throw new UnsupportedOperationException(); }\n")
                    .append("  }\n");
        }
        return source.append("}\n").toString();
    }
}
