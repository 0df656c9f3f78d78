package dev.dinojvm.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line end to end, in the Quarkus application. The components come from the test
 * class path's fixture plugin ({@code fixture-*}), so that these tests do not depend on the standard
 * plugins.
 */
@QuarkusMainTest
class DinoCommandTest {

    /** Selects the fixture components: the standard ones may not be installed in the test run. */
    private static final String[] FIXTURES = {
        "--set", "dino.backbone.type=fixture-backbone",
        "--set", "dino.head.type=fixture-head",
        "--set", "dino.augmentation.type=fixture-augmentation",
        "--set", "dino.teacher.type=fixture-teacher"
    };

    @Test
    @Launch({"plugins", "list"})
    void pluginsListShowsEachComponentWithItsKindPluginAndLocation(LaunchResult result) {
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).containsPattern("fixture-backbone\\s+backbone\\s+cli-fixture\\s+0\\.0\\.1\\s+" + dev.dinojvm.api.SpiVersion.CURRENT.replace(".", "\\.") + "\\s+\\S*test-classes");
        assertThat(result.getOutput()).containsPattern("fixture-teacher\\s+teacher-update\\s+cli-fixture");
    }

    @Test
    @Launch({"plugins", "describe", "fixture-teacher"})
    void pluginsDescribeListsTheKeysWithTypeAndDefault(LaunchResult result) {
        assertThat(result.getOutput()).contains("fixture-teacher (teacher-update)")
                .containsPattern("dino\\.teacher\\.momentum\\s+double\\s+0\\.996\\s+Momentum of the fixture\\. Range: between 0 and 1\\.");
    }

    @Test
    void valuesOutsideTheirDeclaredRangesAreReportedTogetherOneLineEach(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch(
                concat(new String[] {"config", "show", "--set", "dino.teacher.momentum=2", "--epochs", "0"}, FIXTURES));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("error: dino.teacher.momentum: must be between 0 and 1, got 2 (from --set)")
                .contains("error: dino.train.epochs: must be at least 1, got 0 (from --epochs)")
                .doesNotContain("Exception");
    }

    @Test
    @Launch(value = {"train", "--set", "nonsense.key=1"}, exitCode = 2)
    void anUnknownKeyIsAConfigurationErrorWithoutStackTrace(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("error: nonsense.key: unknown setting (from --set)");
        assertThat(result.getErrorOutput() + result.getOutput()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aMalformedYamlFileIsAConfigurationErrorNamingTheFile(QuarkusMainLauncher launcher, @TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("broken-run.yaml"), "dino:\n  train: [epochs\n");

        LaunchResult result = launcher.launch("config", "show", "--config", file.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("error: " + file + ": not valid YAML at line");
        assertThat(result.getErrorOutput()).doesNotContain("\tat ");
    }

    @Test
    void configShowPrintsEachEffectiveValueWithItsSource(QuarkusMainLauncher launcher) {
        String[] args = concat(new String[] {"config", "show", "--set", "dino.train.epochs=7", "--epochs", "5"}, FIXTURES);

        LaunchResult result = launcher.launch(args);

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).containsPattern("(?m)^dino\\.train\\.epochs = 7\\s+# --set$");
        assertThat(result.getOutput()).containsPattern("(?m)^dino\\.data\\.path = embedded:fashion-mnist\\s+# embedded demo \\(no dino\\.data\\.path given\\)$");
        assertThat(result.getOutput()).containsPattern("(?m)^dino\\.backbone\\.width = 8\\s+# default \\(plugin cli-fixture\\)$");
        // The demo sets a key of the plugin's: the demo wins over the plugin's default.
        assertThat(result.getOutput()).containsPattern("(?m)^dino\\.teacher\\.momentum = 0\\.98\\s+# embedded demo \\(no dino\\.data\\.path given\\)$");
        assertThat(result.getOutput()).containsPattern("(?m)^dino\\.train\\.seed = 0\\s+# default$");
    }

    @Test
    @Launch(value = {"train", "--epochs"}, exitCode = 2)
    void aUsageErrorExitsWithTwo(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("error: Missing required parameter for option '--epochs'");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
