package dev.dinojvm.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.plugin.PluginSource;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code dino.train.init-from} fills the backbone settings the file implies and refuses contradicting ones. */
class InitFromArchitectureTest {

    private static final PluginRegistry REGISTRY =
            PluginRegistry.load(List.of(PluginSource.classPath(InitFromArchitectureTest.class.getClassLoader())), false);

    private static String reg4() {
        try {
            return Path.of(InitFromArchitectureTest.class.getResource("/dinov2/reg4.pth").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DinoSettings load(String... assignments) {
        List<String> all = new ArrayList<>(List.of(assignments));
        all.add("dino.backbone.heads=2"); // a width of 24 has no standard head count
        ConfigInput input = new ConfigInput(null, List.of(new ConfigInput.OptionValue("--init-from", EngineKeys.TRAIN_INIT_FROM, reg4())), all);
        return new ConfigLoader(REGISTRY, Map.of()).load(input);
    }

    @Test
    void theFileSetsWhatTheConfigurationLeavesUnsetOverTheDemo() {
        DinoSettings settings = load();

        Map<String, SettingValue> all = settings.all();
        assertThat(all.get("dino.backbone.registers")).isEqualTo(new SettingValue("4", "--init-from reg4.pth"));
        assertThat(all.get("dino.backbone.patch-size").value()).isEqualTo("14");
        assertThat(all.get("dino.backbone.embed-dim").value()).isEqualTo("24");
        assertThat(all.get("dino.backbone.depth").value()).isEqualTo("2"); // the demo says 4
        assertThat(all.get("dino.backbone.image-size").value()).isEqualTo("42");
        assertThat(all.get("dino.backbone.mask-token").value()).isEqualTo("true");
        assertThat(Double.parseDouble(all.get("dino.backbone.layer-scale").value())).isPositive();
    }

    @Test
    void settingsThatAgreeWithTheFileAreAccepted() {
        DinoSettings settings = load("dino.backbone.registers=4", "dino.backbone.layer-scale=1e-4", "dino.backbone.patch-size=14");

        assertThat(settings.all().get("dino.backbone.registers").source()).isEqualTo("--set");
    }

    @Test
    void contradictionsAreRefusedNamingTheKeys() {
        assertThatThrownBy(() -> load("dino.backbone.registers=0", "dino.backbone.patch-size=16", "dino.backbone.layer-scale=0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dino.backbone.registers: is 0 but reg4.pth implies 4")
                .hasMessageContaining("dino.backbone.patch-size: is 16 but reg4.pth implies 14")
                .hasMessageContaining("dino.backbone.layer-scale");
    }

    @Test
    void aPresetOfAnotherWidthIsAContradiction() {
        assertThatThrownBy(() -> load("dino.backbone.arch=vit_base"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dino.backbone.arch: is vit_base (embed-dim 768) but reg4.pth implies embed-dim 24");
    }

    @Test
    void registersWithABackboneThatHasNoneAreRefused() {
        ConfigInput input = new ConfigInput(null, List.of(new ConfigInput.OptionValue("--init-from", EngineKeys.TRAIN_INIT_FROM, reg4())),
                List.of("dino.backbone.type=fixture-backbone"));
        assertThatThrownBy(() -> new ConfigLoader(REGISTRY, Map.of()).load(input))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dino.backbone.type: the backbone 'fixture-backbone' has no 4 register tokens, LayerScale,"
                        + " which reg4.pth has");
    }

    @Test
    void anUnreadableFileIsOneLineAtConfigurationTime() {
        ConfigInput input = new ConfigInput(null, List.of(), List.of("dino.train.init-from=/nonexistent/dinov2.pth"));
        assertThatThrownBy(() -> new ConfigLoader(REGISTRY, Map.of()).load(input))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dino.train.init-from: weights file not found");
    }
}
