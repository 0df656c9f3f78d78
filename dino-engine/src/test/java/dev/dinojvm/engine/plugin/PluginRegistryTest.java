package dev.dinojvm.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dinojvm.api.Augmentation;
import dev.dinojvm.api.AugmentationFactory;
import dev.dinojvm.api.BackboneFactory;
import dev.dinojvm.api.Component;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.api.HeadFactory;
import dev.dinojvm.api.ImageArray;
import dev.dinojvm.api.TeacherUpdateFactory;
import dev.dinojvm.api.TeacherUpdateRule;
import dev.dinojvm.api.TrainingProgress;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.ConfigInput;
import dev.dinojvm.engine.config.ConfigLoader;
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
    static Path noServiceFile;
    static Path needsLibrary;
    static Path calls;
    static Path reserved;
    static Path oldSpi;

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
        // Its components need a library class the jar does not carry.
        sources.put("fixture.needs.NeedsPlugin", "package fixture.needs;\n"
                + "import dev.dinojvm.api.*;\n"
                + "import java.util.List;\n"
                + "public class NeedsPlugin extends fixture.good.GoodPlugin {\n"
                + "  public String name() { return \"needs\"; }\n"
                + "  public List<Component> components() { return List.of(fixture.needs.lib.Library.component()); }\n"
                + "}\n");
        sources.put("fixture.needs.lib.Library", "package fixture.needs.lib;\n"
                + "public class Library { public static dev.dinojvm.api.Component component() { return null; } }\n");
        sources.put("fixture.calls.CallsPlugin", CALLS_PLUGIN);
        sources.put("fixture.reserved.ReservedPlugin", RESERVED_PLUGIN);
        sources.put("fixture.old.OldPlugin", OLD_SPI_PLUGIN);
        Path classes = PluginJars.compile(sources, work.resolve("build"));
        Path jars = Files.createDirectories(work.resolve("jars"));
        good = PluginJars.jar(classes, "fixture.good", jars.resolve("good.jar"), "fixture.good.GoodPlugin");
        future = PluginJars.jar(classes, "fixture.future", jars.resolve("future.jar"), "fixture.future.FuturePlugin");
        newer = PluginJars.jar(classes, "fixture.newer", jars.resolve("newer.jar"), "fixture.newer.NewerPlugin");
        // The first provider is listed but not packaged; the second one is fine.
        missing = PluginJars.jar(classes, "fixture.missing", jars.resolve("missing.jar"), "fixture.missing.Gone", "fixture.missing.Present");
        duplicate = PluginJars.jar(classes, "fixture.dup", jars.resolve("dup.jar"), "fixture.dup.DupPlugin");
        noServiceFile = Files.createDirectories(work.resolve("no-service")).resolve("no-service.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(noServiceFile))) {
            out.putNextEntry(new java.util.jar.JarEntry("fixture/good/GoodPlugin.class"));
            out.write(Files.readAllBytes(classes.resolve("fixture/good/GoodPlugin.class")));
            out.closeEntry();
        }
        Path needsClasses = Files.createDirectories(work.resolve("needs-classes"));
        copyPackage(classes, needsClasses, "fixture/good");
        Files.createDirectories(needsClasses.resolve("fixture/needs"));
        Files.copy(classes.resolve("fixture/needs/NeedsPlugin.class"), needsClasses.resolve("fixture/needs/NeedsPlugin.class"));
        needsLibrary = PluginJars.jar(needsClasses, "fixture", jars.resolve("needs.jar"), "fixture.needs.NeedsPlugin");
        calls = PluginJars.jar(classes, "fixture.calls", jars.resolve("calls.jar"), "fixture.calls.CallsPlugin");
        reserved = PluginJars.jar(classes, "fixture.reserved", jars.resolve("reserved.jar"), "fixture.reserved.ReservedPlugin");
        oldSpi = PluginJars.jar(classes, "fixture.old", jars.resolve("old.jar"), "fixture.old.OldPlugin");
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
    void aSwapToAComponentMakesItsPluginsLoaderTheContextLoaderUntilClosed() {
        PluginSource source = PluginSource.jar(good, getClass().getClassLoader());
        PluginRegistry registry = PluginRegistry.load(List.of(source), false);
        Component component = registry.find(ComponentKind.BACKBONE, "good-backbone").orElseThrow();
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        ClassLoader during;
        try (ContextLoaderSwap swap = ContextLoaderSwap.of(component)) {
            during = Thread.currentThread().getContextClassLoader();
        }

        assertThat(during).isSameAs(source.loader()).isSameAs(registry.plugins().get(0).loader()).isNotSameAs(before);
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
        assertThatThrownBy(() -> {
            try (ContextLoaderSwap swap = ContextLoaderSwap.of(component)) {
                throw new IllegalStateException("plugin failure");
            }
        }).hasMessage("plugin failure");
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }

    @Test
    void aJarWithoutAnEntryPointIsReported() {
        PluginRegistry registry = load(false, noServiceFile);

        assertThat(registry.plugins()).isEmpty();
        assertThat(registry.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.location()).isEqualTo(noServiceFile.toAbsolutePath().toString());
            assertThat(problem.reason()).isEqualTo("no plugin found: the jar has no META-INF/services/dev.dinojvm.api.DinoPlugin, "
                    + "or is not a readable jar");
            assertThat(problem.hint()).contains("lists its DinoPlugin implementation");
        });
    }

    @Test
    void aPluginMissingALibraryClassIsReportedWithTheClassName() {
        PluginRegistry registry = load(false, needsLibrary);

        assertThat(registry.plugins()).isEmpty();
        assertThat(registry.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.location()).isEqualTo(needsLibrary.toAbsolutePath().toString());
            assertThat(problem.reason()).contains("plugin 'needs' failed to list its components")
                    .contains("NoClassDefFoundError").contains("fixture/needs/lib/Library");
            assertThat(problem.hint()).contains("a dependency not packaged in its jar");
        });
    }

    @Test
    void objectsAPluginCreatesSwapToThePluginsLoader() {
        PluginSource source = PluginSource.jar(calls, getClass().getClassLoader());
        PluginRegistry registry = PluginRegistry.load(List.of(source), true);
        AugmentationFactory augmentations = registry.require(ComponentKind.AUGMENTATION, "calls-augmentation", AugmentationFactory.class);
        TeacherUpdateFactory rules = registry.require(ComponentKind.TEACHER_UPDATE, "calls-teacher", TeacherUpdateFactory.class);
        ComponentConfig none = new ComponentConfig("dino.x", List.of(), Map.of());
        Augmentation augmentation = augmentations.create(none);
        TeacherUpdateRule rule = rules.create(none);
        TrainingProgress progress = new TrainingProgress(0, 10, 0, 10);
        ImageArray image = new ImageArray(1, 1, 1, new float[1]);
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        // Each fixture method answers 1 when the context loader is its plugin's, else 0 (update throws).
        assertThat(augmentation.layout().globalCrops()).isZero();
        assertThat(rule.momentum(progress)).isZero();
        assertThatThrownBy(() -> rule.update(null, null, progress)).hasMessageContaining("context loader");
        try (ContextLoaderSwap swap = ContextLoaderSwap.of(augmentation)) {
            assertThat(augmentation.layout().globalCrops()).isEqualTo(1);
            assertThat(augmentation.apply(image, new java.util.Random(0)).views().get(0).pixels()[0]).isEqualTo(1f);
        }
        try (ContextLoaderSwap swap = ContextLoaderSwap.of(rule)) {
            assertThat(rule.momentum(progress)).isEqualTo(1.0);
            rule.update(null, null, progress);
        }
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }

    @Test
    void aTeacherUpdateDeclaringOneOfTheEnginesLossKeysIsRefusedAtDiscovery() {
        PluginRegistry registry = load(false, reserved);

        assertThat(registry.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.location()).isEqualTo(reserved.toAbsolutePath().toString());
            assertThat(problem.reason()).isEqualTo("plugin 'reserved': component 'loss-keys-teacher' declares the key 'warmup-epochs', "
                    + "which is not allowed (dino.teacher.warmup-epochs is the engine's own setting; choose another name)");
        });
        assertThat(registry.find(ComponentKind.TEACHER_UPDATE, "loss-keys-teacher")).isEmpty();
        // The same name under another prefix is no engine setting.
        assertThat(registry.find(ComponentKind.BACKBONE, "temperature-backbone")).isPresent();
    }

    @Test
    void aPluginBuiltForSpi11LoadsAndItsHandWrittenChecksStillReportEachProblemOnce() {
        PluginRegistry registry = load(true, oldSpi);
        assertThat(registry.plugins()).singleElement().satisfies(plugin -> assertThat(plugin.spiVersion()).isEqualTo("1.1"));
        ConfigLoader loader = new ConfigLoader(registry, Map.of());

        ConfigException typeError = assertThrows(ConfigException.class, () -> loader.load(
                new ConfigInput(null, List.of(), List.of("dino.backbone.type=old-backbone", "dino.backbone.width=wide"))));
        ConfigException rangeError = assertThrows(ConfigException.class, () -> loader.load(
                new ConfigInput(null, List.of(), List.of("dino.backbone.type=old-backbone", "dino.backbone.width=0"))));

        assertThat(backboneProblems(typeError)).containsExactly(
                new ConfigProblem("dino.backbone.width", "expected an integer, got 'wide' (from --set)"));
        assertThat(backboneProblems(rangeError)).containsExactly(new ConfigProblem("dino.backbone.width", "must be positive, got 0"));
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

    private static List<ConfigProblem> backboneProblems(ConfigException e) {
        return e.problems().stream().filter(p -> p.key().startsWith("dino.backbone.")).collect(Collectors.toList());
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

    /** A teacher update that declares an engine loss key, and a backbone with a key of the same name. */
    private static final String RESERVED_PLUGIN = "package fixture.reserved;\n"
            + "import dev.dinojvm.api.*;\n"
            + "import java.util.List;\n"
            + "public class ReservedPlugin implements DinoPlugin {\n"
            + "  public String name() { return \"reserved\"; }\n"
            + "  public String version() { return \"1.0\"; }\n"
            + "  public String spiVersion() { return SpiVersion.CURRENT; }\n"
            + "  public List<Component> components() { return List.of(new Teacher(), new Backbone()); }\n"
            + "  public static class Teacher implements TeacherUpdateFactory {\n"
            + "    public String name() { return \"loss-keys-teacher\"; }\n"
            + "    public String description() { return \"fixture\"; }\n"
            + "    public List<ConfigKey> configKeys() {\n"
            + "      return List.of(ConfigKey.number(\"momentum\", 0.9, \"m\"), ConfigKey.integer(\"warmup-epochs\", 3, \"w\"));\n"
            + "    }\n"
            + "    public TeacherUpdateRule create(ComponentConfig config) { throw new UnsupportedOperationException(); }\n"
            + "  }\n"
            + "  public static class Backbone implements BackboneFactory {\n"
            + "    public String name() { return \"temperature-backbone\"; }\n"
            + "    public String description() { return \"fixture\"; }\n"
            + "    public List<ConfigKey> configKeys() { return List.of(ConfigKey.number(\"temperature\", 1.0, \"t\")); }\n"
            + "    public dev.dinojvm.api.Backbone create(ComponentConfig config, ModelRole role) { throw new UnsupportedOperationException(); }\n"
            + "  }\n"
            + "}\n";

    /**
     * Written as plugins for SPI 1.1 were: the five-argument constructor, {@code typeProblems()} and
     * {@code isValid} in {@code validate}, and a hand-written range check.
     */
    private static final String OLD_SPI_PLUGIN = "package fixture.old;\n"
            + "import dev.dinojvm.api.*;\n"
            + "import java.util.ArrayList;\n"
            + "import java.util.List;\n"
            + "public class OldPlugin implements DinoPlugin {\n"
            + "  public String name() { return \"old\"; }\n"
            + "  public String version() { return \"0.9\"; }\n"
            + "  public String spiVersion() { return \"1.1\"; }\n"
            + "  public List<Component> components() { return List.of(new Old()); }\n"
            + "  public static class Old implements BackboneFactory {\n"
            + "    public String name() { return \"old-backbone\"; }\n"
            + "    public String description() { return \"fixture\"; }\n"
            + "    public List<ConfigKey> configKeys() {\n"
            + "      return List.of(new ConfigKey(\"width\", ConfigType.INTEGER, \"8\", \"Width.\", List.of()));\n"
            + "    }\n"
            + "    public List<ConfigProblem> validate(ComponentConfig config) {\n"
            + "      List<ConfigProblem> problems = new ArrayList<>(config.typeProblems());\n"
            + "      if (config.isValid(\"width\") && config.getInt(\"width\").orElseThrow() < 1) {\n"
            + "        problems.add(new ConfigProblem(config.path(\"width\"), \"must be positive, got \" + config.getInt(\"width\").orElseThrow()));\n"
            + "      }\n"
            + "      return problems;\n"
            + "    }\n"
            + "    public Backbone create(ComponentConfig config, ModelRole role) { throw new UnsupportedOperationException(); }\n"
            + "  }\n"
            + "}\n";

    /** Components whose methods report whether the context class loader is their plugin's. */
    private static final String CALLS_PLUGIN = "package fixture.calls;\n"
            + "import dev.dinojvm.api.*;\n"
            + "import java.util.List;\n"
            + "public class CallsPlugin implements DinoPlugin {\n"
            + "  static boolean mine() { return Thread.currentThread().getContextClassLoader() == CallsPlugin.class.getClassLoader(); }\n"
            + "  static int flag() { return mine() ? 1 : 0; }\n"
            + "  public String name() { return \"calls\"; }\n"
            + "  public String version() { return \"1.0\"; }\n"
            + "  public String spiVersion() { return SpiVersion.CURRENT; }\n"
            + "  public List<Component> components() { return List.of(new Augmentations(), new Rules()); }\n"
            + "  public static class Augmentations implements AugmentationFactory {\n"
            + "    public String name() { return \"calls-augmentation\"; }\n"
            + "    public String description() { return \"fixture\"; }\n"
            + "    public List<ConfigKey> configKeys() { return List.of(); }\n"
            + "    public Augmentation create(ComponentConfig config) {\n"
            + "      return new Augmentation() {\n"
            + "        public CropLayout layout() { return new CropLayout(flag(), 1, 0, 1); }\n"
            + "        public MultiCropViews apply(ImageArray image, java.util.random.RandomGenerator random) {\n"
            + "          return new MultiCropViews(List.of(new ImageArray(1, 1, 1, new float[] {flag()})));\n"
            + "        }\n"
            + "      };\n"
            + "    }\n"
            + "  }\n"
            + "  public static class Rules implements TeacherUpdateFactory {\n"
            + "    public String name() { return \"calls-teacher\"; }\n"
            + "    public String description() { return \"fixture\"; }\n"
            + "    public List<ConfigKey> configKeys() { return List.of(); }\n"
            + "    public TeacherUpdateRule create(ComponentConfig config) {\n"
            + "      return new TeacherUpdateRule() {\n"
            + "        public double momentum(TrainingProgress progress) { return flag(); }\n"
            + "        public void update(ai.djl.nn.ParameterList t, ai.djl.nn.ParameterList s, TrainingProgress p) {\n"
            + "          if (!mine()) { throw new IllegalStateException(\"wrong context loader \" + Thread.currentThread().getContextClassLoader()); }\n"
            + "        }\n"
            + "      };\n"
            + "    }\n"
            + "  }\n"
            + "}\n";

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
