package dev.dinojvm.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.ConfigInput;
import dev.dinojvm.engine.config.EngineKeys;
import dev.dinojvm.engine.fixtures.PluginJars;
import dev.dinojvm.engine.plugin.LoadedPlugin;
import dev.dinojvm.engine.plugin.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which drop-in directory is used: --plugins-dir, else dino.plugins.dir, else a ./plugins that may be absent. */
class PluginOptionsTest {

    @TempDir
    static Path work;

    static Path dropIn;

    @BeforeAll
    static void buildADropInDirectory() throws IOException {
        Path classes = PluginJars.compile(Map.of("fixture.opt.OptPlugin", "package fixture.opt;\n"
                + "import dev.dinojvm.api.*;\n"
                + "import java.util.List;\n"
                + "public class OptPlugin implements DinoPlugin {\n"
                + "  public String name() { return \"opt\"; }\n"
                + "  public String version() { return \"1.0\"; }\n"
                + "  public String spiVersion() { return SpiVersion.CURRENT; }\n"
                + "  public List<Component> components() { return List.of(); }\n"
                + "}\n"), work.resolve("build"));
        dropIn = Files.createDirectories(work.resolve("drop-in"));
        PluginJars.jar(classes, "fixture.opt", dropIn.resolve("opt.jar"), "fixture.opt.OptPlugin");
    }

    @Test
    void theDefaultDirectoryMayBeAbsent() {
        assertThat(Path.of(EngineKeys.key(EngineKeys.PLUGINS_DIR).orElseThrow().defaultValue())).doesNotExist();

        PluginRegistry registry = new PluginOptions().load(ConfigInput.none());

        assertThat(registry.plugins()).extracting(LoadedPlugin::name).contains("cli-fixture").doesNotContain("opt");
        assertThat(registry.problems()).isEmpty();
    }

    @Test
    void theSettingChoosesTheDirectory() {
        ConfigInput input = new ConfigInput(null, List.of(), List.of(EngineKeys.PLUGINS_DIR + "=" + dropIn));

        PluginRegistry registry = new PluginOptions().load(input);

        assertThat(registry.plugins()).extracting(LoadedPlugin::location).contains(dropIn.resolve("opt.jar").toString());
    }

    @Test
    void theOptionWinsOverTheSettingAndIsReportedAsItsSource() {
        PluginOptions options = new PluginOptions();
        options.pluginsDir = dropIn;
        ConfigInput input = new ConfigInput(null, List.of(), List.of(EngineKeys.PLUGINS_DIR + "=" + work.resolve("elsewhere")));

        assertThat(options.load(input).plugins()).extracting(LoadedPlugin::name).contains("opt");
        assertThat(options.withPluginsDir(ConfigInput.none()).options()).singleElement()
                .isEqualTo(new ConfigInput.OptionValue("--plugins-dir", EngineKeys.PLUGINS_DIR, dropIn.toString()));
    }

    @Test
    void anExplicitDirectoryThatDoesNotExistIsAnError() {
        Path missing = work.resolve("missing");
        PluginOptions options = new PluginOptions();
        options.pluginsDir = missing;

        assertThatThrownBy(options::load).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).singleElement().hasToString("--plugins-dir: " + missing + " is not a directory"));
        assertThatThrownBy(() -> new PluginOptions().load(new ConfigInput(null, List.of(), List.of(EngineKeys.PLUGINS_DIR + "=" + missing))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .hasToString(EngineKeys.PLUGINS_DIR + ": " + missing + " is not a directory"));
    }
}
