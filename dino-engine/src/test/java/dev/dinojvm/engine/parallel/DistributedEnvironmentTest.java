package dev.dinojvm.engine.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.ConfigInput;
import dev.dinojvm.engine.config.ConfigLoader;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.config.SettingValue;
import dev.dinojvm.engine.fixtures.ServiceFileLoader;
import dev.dinojvm.engine.fixtures.StandardNamesFixturePlugin;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.plugin.PluginSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launchers' environment contract (torchrun, PyTorchJob, SLURM scripts) and its errors. */
class DistributedEnvironmentTest {

    private static final Map<String, String> TORCHRUN = Map.of("WORLD_SIZE", "3", "RANK", "2", "LOCAL_RANK", "1",
            "MASTER_ADDR", "10.0.0.5", "MASTER_PORT", "29500");

    @TempDir
    Path pluginDir;

    @Test
    void withoutAnyVariableTheProcessIsAWorldOfOne() {
        DistributedEnvironment environment = DistributedEnvironment.resolve(settings(Map.of()), Map.of("PATH", "/usr/bin"));

        assertThat(environment).isEqualTo(new DistributedEnvironment(1, 0, 0, "", 0, Duration.ofSeconds(300), ""));
        assertThat(environment.isDistributed()).isFalse();
    }

    @Test
    void torchrunVariablesGiveTheLayout() {
        DistributedEnvironment environment = DistributedEnvironment.resolve(settings(Map.of()), TORCHRUN);

        assertThat(environment).isEqualTo(new DistributedEnvironment(3, 2, 1, "10.0.0.5", 29500, Duration.ofSeconds(300), ""));
        assertThat(environment.isDistributed()).isTrue();
    }

    @Test
    void settingsWinOverVariables() {
        DistributedEnvironment environment = DistributedEnvironment.resolve(settings(Map.of(
                "dino.distributed.rank", "0", "dino.distributed.master-addr", "head-node", "dino.distributed.timeout", "30",
                "dino.distributed.listen-address", "10.0.0.5")), TORCHRUN);

        assertThat(environment).isEqualTo(new DistributedEnvironment(3, 0, 1, "head-node", 29500, Duration.ofSeconds(30), "10.0.0.5"));
    }

    @Test
    void aWorldOfSeveralNeedsRankAddressAndPortAndSaysWhereToSetThem() {
        assertThat(problems(settings(Map.of()), Map.of("WORLD_SIZE", "2"))).containsExactly(
                new ConfigProblem("dino.distributed.rank",
                        "is required for a world of 2 processes: set the environment variable RANK or dino.distributed.rank"),
                new ConfigProblem("dino.distributed.master-addr",
                        "is required for a world of 2 processes: set the environment variable MASTER_ADDR or dino.distributed.master-addr"),
                new ConfigProblem("dino.distributed.master-port",
                        "is required for a world of 2 processes: set the environment variable MASTER_PORT or dino.distributed.master-port"));
    }

    @Test
    void wrongValuesAreNamedWithTheirSource() {
        Map<String, String> variables = new HashMap<>(TORCHRUN);
        variables.put("RANK", "3");
        variables.put("MASTER_PORT", "70000");
        variables.put("LOCAL_RANK", "one");

        assertThat(problems(settings(Map.of()), variables)).containsExactlyInAnyOrder(
                new ConfigProblem("dino.distributed.local-rank", "expected an integer, got 'one' (from environment variable LOCAL_RANK)"),
                new ConfigProblem("dino.distributed.master-port", "must be between 1 and 65535, got 70000 (from environment variable MASTER_PORT)"),
                new ConfigProblem("dino.distributed.rank", "3 is not a rank of a world of 3 (0 to 2) (from environment variable RANK)"));
        assertThat(problems(settings(Map.of()), Map.of("WORLD_SIZE", "0"))).containsExactly(
                new ConfigProblem("dino.distributed.world-size", "must be at least 1, got 0 (from environment variable WORLD_SIZE)"));
        assertThat(problems(settings(Map.of("dino.distributed.rank", "5")), TORCHRUN)).containsExactly(
                new ConfigProblem("dino.distributed.rank", "5 is not a rank of a world of 3 (0 to 2) (from --set)"));
        assertThat(problems(settings(Map.of("dino.distributed.timeout", "0")), Map.of())).containsExactly(
                new ConfigProblem("dino.distributed.timeout", "must be at least 1, got 0 (from --set)"));
    }

    @Test
    void aRankWithoutWorldSizeIsRefusedRatherThanTrainingAlone() {
        assertThat(problems(settings(Map.of()), Map.of("RANK", "1"))).containsExactly(
                new ConfigProblem("dino.distributed.rank", "1 is not a rank of a world of 1 (0 to 0) (from environment variable RANK)"));
    }

    @Test
    void theKeysAreSettingsLikeAnyOtherFromEnvironmentAndCommandLine() {
        ClassLoader fixtures = new ServiceFileLoader(getClass().getClassLoader(), pluginDir, StandardNamesFixturePlugin.class.getName());
        PluginRegistry registry = PluginRegistry.load(List.of(PluginSource.classPath(fixtures)), true);
        Map<String, String> variables = Map.of("DINO_DISTRIBUTED_MASTER_PORT", "29400", "WORLD_SIZE", "2", "MASTER_ADDR", "node-a");

        DinoSettings loaded = new ConfigLoader(registry, variables)
                .load(new ConfigInput(null, List.of(), List.of("dino.distributed.rank=1")));

        assertThat(DistributedEnvironment.resolve(loaded, variables))
                .isEqualTo(new DistributedEnvironment(2, 1, 0, "node-a", 29400, Duration.ofSeconds(300), ""));
        assertThatThrownBy(() -> new ConfigLoader(registry, Map.of())
                .load(new ConfigInput(null, List.of(), List.of("dino.distributed.master-port=0"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dino.distributed.master-port: must be between 1 and 65535, got 0");
    }

    @Test
    void aWorldOfOneGetsTheSingleGroup() {
        assertThat(ProcessGroups.open(DistributedEnvironment.resolve(settings(Map.of()), Map.of()), settings(Map.of())))
                .isSameAs(ProcessGroup.SINGLE);
    }

    private static List<ConfigProblem> problems(DinoSettings settings, Map<String, String> variables) {
        try {
            DistributedEnvironment.resolve(settings, variables);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected a ConfigException");
    }

    /** The given values, as set with --set. */
    private static DinoSettings settings(Map<String, String> set) {
        Map<String, SettingValue> values = new HashMap<>();
        set.forEach((key, value) -> values.put(key, new SettingValue(value, "--set")));
        return new DinoSettings(values, Map.of());
    }
}
