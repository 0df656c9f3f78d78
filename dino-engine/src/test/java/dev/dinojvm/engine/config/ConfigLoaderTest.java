package dev.dinojvm.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.fixtures.ServiceFileLoader;
import dev.dinojvm.engine.fixtures.StandardNamesFixturePlugin;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.plugin.PluginSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layering, file formats and validation, against fixture components with the standard names. */
class ConfigLoaderTest {

    private static final String DEMO = "embedded demo (no dino.data.path given)";
    private static final String PLUGIN_DEFAULT = "default (plugin standard-fixture)";

    @TempDir
    static Path shared;

    static PluginRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadFixtures() {
        ClassLoader loader = new ServiceFileLoader(ConfigLoaderTest.class.getClassLoader(), shared,
                StandardNamesFixturePlugin.class.getName());
        registry = PluginRegistry.load(List.of(PluginSource.classPath(loader)), true);
    }

    @Test
    void eachLayerOverridesTheOnesBelowAndIsReportedAsTheSource() throws IOException {
        Path file = write("run.yaml", "dino:\n"
                + "  train:\n"
                + "    epochs: 3\n"
                + "    batch-size: 32\n"
                + "    log-every: 5\n");
        Map<String, String> env = Map.of("DINO_TRAIN_BATCH_SIZE", "16", "DINO_TRAIN_LOG_EVERY", "6", "PATH", "/usr/bin");
        ConfigInput input = new ConfigInput(file,
                List.of(new ConfigInput.OptionValue("--max-steps", "dino.train.max-steps", "9"),
                        new ConfigInput.OptionValue("--output", "dino.train.output", "out/here")),
                List.of("dino.train.log-every=7", "dino.train.max-steps=11"));

        DinoSettings settings = new ConfigLoader(registry, env).load(input);

        Map<String, SettingValue> all = settings.all();
        assertThat(all.get("dino.train.seed")).isEqualTo(new SettingValue("0", "default"));
        assertThat(all.get("dino.augmentation.global-scale")).isEqualTo(new SettingValue("0.4,1.0", PLUGIN_DEFAULT));
        assertThat(all.get("dino.backbone.depth")).isEqualTo(new SettingValue("4", DEMO));
        assertThat(all.get("dino.data.limit")).isEqualTo(new SettingValue("10000", DEMO));
        assertThat(all.get("dino.data.path")).isEqualTo(new SettingValue("embedded:fashion-mnist", DEMO));
        assertThat(all.get("dino.train.epochs")).isEqualTo(new SettingValue("3", "config file " + file));
        assertThat(all.get("dino.train.batch-size")).isEqualTo(new SettingValue("16", "env DINO_TRAIN_BATCH_SIZE"));
        assertThat(all.get("dino.train.output")).isEqualTo(new SettingValue("out/here", "--output"));
        assertThat(all.get("dino.train.log-every")).isEqualTo(new SettingValue("7", "--set"));
        assertThat(all.get("dino.train.max-steps")).isEqualTo(new SettingValue("11", "--set"));

        assertThat(settings.integer("dino.train.batch-size")).isEqualTo(16);
        assertThat(settings.componentName(ComponentKind.BACKBONE)).isEqualTo("vit");
        ComponentConfig backbone = settings.component(ComponentKind.BACKBONE);
        // Demo values count as set for the component; its declared defaults do not.
        assertThat(backbone.isSet("depth")).isTrue();
        assertThat(backbone.getInt("depth")).contains(4);
        ComponentConfig augmentation = settings.component(ComponentKind.AUGMENTATION);
        assertThat(augmentation.isSet("global-scale")).isFalse();
        assertThat(augmentation.getPair("global-scale")).hasValueSatisfying(scale -> assertThat(scale).containsExactly(0.4, 1.0));
    }

    @Test
    void theDemoLayerIsLeftOutWhenAnyHigherLayerSetsTheDataPath() throws IOException {
        DinoSettings fromSet = load(List.of("dino.data.path=/data/images"));
        assertThat(fromSet.all().get("dino.data.limit")).isEqualTo(new SettingValue("0", "default"));
        assertThat(fromSet.all().get("dino.train.epochs")).isEqualTo(new SettingValue("100", "default"));
        assertThat(fromSet.all().get("dino.backbone.depth")).isEqualTo(new SettingValue("12", PLUGIN_DEFAULT));
        assertThat(fromSet.component(ComponentKind.BACKBONE).isSet("depth")).isFalse();

        DinoSettings fromEnv = new ConfigLoader(registry, Map.of("DINO_DATA_PATH", "/env/images")).load(ConfigInput.none());
        assertThat(fromEnv.all().get("dino.data.path")).isEqualTo(new SettingValue("/env/images", "env DINO_DATA_PATH"));
        assertThat(fromEnv.integer("dino.data.limit")).isZero();

        Path file = write("data.properties", "dino.data.path=/file/images\n");
        DinoSettings fromFile = new ConfigLoader(registry, Map.of()).load(new ConfigInput(file, List.of(), List.of()));
        assertThat(fromFile.string("dino.data.path")).isEqualTo("/file/images");
        assertThat(fromFile.all().values()).extracting(SettingValue::source).doesNotContain(DEMO);
    }

    @Test
    void yamlAndPropertiesFilesGiveTheSameSettings() throws IOException {
        Path yaml = write("run.yml", "# a comment\n"
                + "dino:\n"
                + "  data: {path: /images}\n"
                + "  augmentation:\n"
                + "    global-scale: [0.3, 0.9]\n"
                + "  head:\n"
                + "    norm-last-layer: false\n"
                + "  train.seed: 12345678901\n");
        Path properties = write("run.properties", "dino.data.path = /images\n"
                + "dino.augmentation.global-scale=0.3,0.9\n"
                + "dino.head.norm-last-layer=false\n"
                + "dino.train.seed=12345678901\n");

        for (Path file : List.of(yaml, properties)) {
            DinoSettings settings = new ConfigLoader(registry, Map.of()).load(new ConfigInput(file, List.of(), List.of()));
            assertThat(settings.string("dino.data.path")).as(file.toString()).isEqualTo("/images");
            assertThat(settings.component(ComponentKind.AUGMENTATION).getPair("global-scale").orElseThrow()).containsExactly(0.3, 0.9);
            assertThat(settings.bool("dino.head.norm-last-layer")).isFalse();
            assertThat(settings.longValue("dino.train.seed")).isEqualTo(12_345_678_901L);
            assertThat(settings.all().get("dino.data.path").source()).isEqualTo("config file " + file);
        }
    }

    @Test
    void aMalformedYamlFileIsOneProblemNamingTheFileAndTheLine() throws IOException {
        Path file = write("broken.yaml", "dino:\n  train:\n    epochs: 3\n   batch-size: [1\n");

        ConfigException e = loadFailing(file, List.of());

        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).key()).isEqualTo(file.toString());
        assertThat(e.problems().get(0).message()).startsWith("not valid YAML at line 4").doesNotContain("\n");
    }

    @Test
    void unreadableOrUnsupportedFilesAreProblemsNamingTheFile() throws IOException {
        Path missing = dir.resolve("absent.yaml");
        assertThat(loadFailing(missing, List.of()).problems())
                .containsExactly(new ConfigProblem(missing.toString(), "no such file"));

        Path text = write("settings.txt", "dino.train.epochs=3\n");
        assertThat(loadFailing(text, List.of()).problems().get(0).message()).contains("'.txt'").contains(".yaml, .yml or .properties");

        Path badEscape = write("bad.properties", "dino.train.output=C:\\u00zz\n");
        assertThat(loadFailing(badEscape, List.of()).problems().get(0).message()).startsWith("not a valid properties file");
    }

    @Test
    void aWarmupLongerThanTheRunNamesTheSourceOfEachValue() {
        ConfigException e = assertFailure(() -> new ConfigLoader(registry, Map.of())
                .load(new ConfigInput(null, List.of(), List.of("dino.data.path=/images", "dino.train.epochs=1"))));

        assertThat(byKey(e.problems())).containsEntry("dino.optimizer.warmup-epochs",
                "10 warm-up epochs (from default) do not fit in dino.train.epochs = 1 (from --set); lower it or train longer");
    }

    @Test
    void unknownKeysAreReportedWithTheClosestKnownKey() throws IOException {
        Path file = write("typo.yaml", "dino:\n  backbone:\n    embed-dims: 64\n");
        Map<String, String> env = Map.of("DINO_TRAIN_EPOHS", "3", "DINO_TRAIN_EPOCHS", "4", "HOME", "/root",
                "DINO_JAVA_OPTS", "-Xmx2g", "DINO_DEBUG", "1", "DINO_ALLOW_DOWNLOAD", "1"); // the launcher's own variables are not settings

        ConfigException e = assertFailure(() -> new ConfigLoader(registry, env)
                .load(new ConfigInput(file, List.of(), List.of("dino.train.epoch=3", "nonsense.key=1"))));

        Map<String, String> byKey = byKey(e.problems());
        assertThat(byKey).containsOnlyKeys("dino.backbone.embed-dims", "DINO_TRAIN_EPOHS", "dino.train.epoch", "nonsense.key");
        assertThat(byKey.get("dino.backbone.embed-dims")).contains("config file " + file).contains("did you mean 'dino.backbone.embed-dim'?");
        assertThat(byKey.get("DINO_TRAIN_EPOHS")).contains("did you mean DINO_TRAIN_EPOCHS (dino.train.epochs)?");
        assertThat(byKey.get("dino.train.epoch")).contains("--set").contains("did you mean 'dino.train.epochs'?");
        assertThat(byKey.get("nonsense.key")).contains("settings start with 'dino.'").doesNotContain("did you mean");
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        ConfigException e = loadFailing(null, List.of(
                "dino.train.epochs=0",
                "dino.teacher.center-momentum=1.5",
                "dino.optimizer.lr=fast",
                "dino.train.device=tpu",
                "dino.student.temperature=-0.1",
                "dino.backbone.depth=deep",
                "dino.augmentation.global-scale=0.4"));

        Map<String, String> byKey = byKey(e.problems());
        assertThat(byKey).containsOnlyKeys("dino.train.epochs", "dino.teacher.center-momentum", "dino.optimizer.lr",
                "dino.train.device", "dino.student.temperature", "dino.backbone.depth", "dino.augmentation.global-scale");
        assertThat(byKey.get("dino.train.epochs")).isEqualTo("must be at least 1, got 0 (from --set)");
        assertThat(byKey.get("dino.teacher.center-momentum")).isEqualTo("must be between 0 and 1, got 1.5 (from --set)");
        assertThat(byKey.get("dino.optimizer.lr")).startsWith("expected a number, got 'fast'");
        assertThat(byKey.get("dino.train.device")).startsWith("'tpu' is not one of auto, cpu, gpu");
        assertThat(byKey.get("dino.student.temperature")).startsWith("must be greater than 0");
        assertThat(byKey.get("dino.backbone.depth")).isEqualTo("expected an integer, got 'deep' (from --set)");
        assertThat(byKey.get("dino.augmentation.global-scale")).startsWith("expected two numbers");
    }

    @Test
    void everyDeclaredRangeAndChoiceIsRefusedAtOnceNamingKeyValueAndRange() throws IOException {
        Path file = write("run.yaml", "dino:\n  backbone:\n    drop-path: 1\n");
        ConfigException e = assertFailure(() -> new ConfigLoader(registry, Map.of("DINO_TRAIN_KEEP_CHECKPOINTS", "0"))
                .load(new ConfigInput(file, List.of(), List.of(
                        "dino.backbone.heads=0",
                        "dino.augmentation.global-scale=0,0.5",
                        "dino.teacher.momentum=1.5",
                        "dino.train.device=tpu",
                        "dino.optimizer.clip-grad=-1",
                        "dino.student.temperature=0"))));

        assertThat(byKey(e.problems())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "dino.backbone.heads", "must be at least 1, got 0 (from --set)",
                "dino.backbone.drop-path", "must be at least 0 and below 1, got 1 (from config file " + file + ")",
                "dino.augmentation.global-scale", "both numbers must be greater than 0 and at most 1, got 0,0.5 (from --set)",
                "dino.teacher.momentum", "must be between 0 and 1, got 1.5 (from --set)",
                "dino.train.device", "'tpu' is not one of auto, cpu, gpu (from --set)",
                "dino.train.keep-checkpoints", "must be at least 1, got 0 (from env DINO_TRAIN_KEEP_CHECKPOINTS)",
                "dino.optimizer.clip-grad", "must be at least 0, got -1 (from --set)",
                "dino.student.temperature", "must be greater than 0, got 0 (from --set)"));
        // One line each: what the CLI prints as "error: key: message".
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.toString()).doesNotContain("\n"));
    }

    @Test
    void aComponentsOwnChecksRunOnlyWhenItsValuesMatchTheirKeys() {
        // heads = 0 would divide by zero in the fixture's own check: the declared range stops it first.
        ConfigException e = loadFailing(null, List.of("dino.backbone.heads=0", "dino.backbone.embed-dim=102"));

        assertThat(e.problems()).containsExactly(new ConfigProblem("dino.backbone.heads", "must be at least 1, got 0 (from --set)"));
    }

    @Test
    void theEngineSettingsAreTheValidatedValuesTyped() {
        EngineSettings engine = load(List.of("dino.train.seed=12345678901", "dino.optimizer.lr=0.001", "dino.train.batch-size=32",
                "dino.eval.knn-k=5", "dino.teacher.warmup-epochs=1")).engine();

        assertThat(engine.data()).isEqualTo(new EngineSettings.Data("embedded:fashion-mnist", 10000, 0, false));
        assertThat(engine.train().seed()).isEqualTo(12_345_678_901L);
        assertThat(engine.train().epochs()).isEqualTo(10); // the embedded demo's
        assertThat(engine.train().output()).isEqualTo(Path.of("runs/dino"));
        assertThat(engine.optimizer().scaledLr(engine.train().batchSize())).isEqualTo(0.001 * 32 / 256);
        assertThat(engine.optimizer().warmupEpochs()).isEqualTo(1);
        assertThat(engine.loss()).isEqualTo(new EngineSettings.Loss(0.04, 0.04, 1, 0.1, 0.9));
        assertThat(engine.eval()).isEqualTo(new EngineSettings.Eval(1, 5, 0.07, 0, 0, true, false)); // the demo evaluates every epoch, and compares at the end
    }

    @Test
    void aComponentsOwnChecksRunOnItsSettings() {
        // 101 is not divisible by the demo's 2 heads: only the fixture's own validate() knows that.
        ConfigException e = loadFailing(null, List.of("dino.backbone.embed-dim=101"));

        assertThat(e.problems()).containsExactly(new ConfigProblem("dino.backbone.embed-dim", "must be divisible by heads (2)"));
    }

    @Test
    void anUnknownComponentTypeListsTheAvailableOnesAndItsKeysAreNotFlagged() {
        ConfigException e = loadFailing(null, List.of("dino.backbone.type=vitt", "dino.backbone.custom-key=1"));

        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).key()).isEqualTo("dino.backbone.type");
        assertThat(e.problems().get(0).message()).isEqualTo("unknown backbone 'vitt'; available: vit; did you mean 'vit'?");
    }

    @Test
    void warmUpLongerThanTrainingIsRejectedAsTheReferenceSchedulesWouldFail() {
        ConfigException e = loadFailing(null, List.of("dino.data.path=/x", "dino.train.epochs=5"));

        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("dino.optimizer.warmup-epochs");
        assertThat(e.problems().get(0).message()).contains("10 warm-up epochs").contains("dino.train.epochs = 5");
    }

    @Test
    void assignmentsWithoutAnEqualsSignAreProblems() {
        ConfigException e = loadFailing(null, List.of("dino.train.epochs", "=3", "dino.train.seed=1"));

        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("dino.train.epochs", "=3");
        assertThat(e.problems().get(0).message()).contains("key=value");
    }

    @Test
    void settingsListEveryKnownKeySortedAndAsProperties() {
        DinoSettings settings = load(List.of("dino.train.seed=7"));

        List<String> keys = new ArrayList<>(settings.all().keySet());
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(String::compareTo);
        assertThat(keys).isEqualTo(sorted);
        // 29 + 1 (precision) + 3 (devices, accumulate-steps, freeze-backbone-epochs) + 3 (init-format, init-strict,
        // init-adapt-channels; init-from has no value) + 6 (dino.eval.*) + 2 (teacher centering, student koleo-weight) + 1
        // (objective type) engine keys (all with a value under the demo; dino.report.channels has none), 5 dino.ibot.* and
        // 6 + 4 + 4 + 1 fixture keys.
        assertThat(keys).hasSize(29 + 1 + 3 + 3 + 6 + 2 + 1 + 5 + 15);
        assertThat(settings.asProperties()).containsEntry("dino.train.seed", "7").containsEntry("dino.teacher.momentum", "0.98")
                .hasSize(keys.size());
        assertThat(settings.optional("dino.nothing")).isEmpty();
        assertThatThrownBy(() -> settings.integer("dino.train.output")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dino.train.output");
    }

    private DinoSettings load(List<String> assignments) {
        return new ConfigLoader(registry, Map.of()).load(new ConfigInput(null, List.of(), assignments));
    }

    private ConfigException loadFailing(Path file, List<String> assignments) {
        return assertFailure(() -> new ConfigLoader(registry, Map.of()).load(new ConfigInput(file, List.of(), assignments)));
    }

    private static ConfigException assertFailure(Runnable load) {
        try {
            load.run();
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException");
    }

    private static Map<String, String> byKey(List<ConfigProblem> problems) {
        assertThat(problems.stream().map(ConfigProblem::key).distinct().count()).as(problems.toString()).isEqualTo(problems.size());
        return problems.stream().collect(Collectors.toMap(ConfigProblem::key, ConfigProblem::message));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
