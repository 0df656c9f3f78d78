package dev.dinojvm.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Options that several commands share are defined once: the same description and, unless a command
 * passes its own, the same default in every command that offers them.
 */
class CommandOptionsTest {

    private static final CommandLine DINO = new CommandLine(new DinoCommand());

    /** The commands that run a trained backbone. */
    private static final List<String> MODEL_COMMANDS = List.of("attention", "embed", "pca", "search", "export", "eval knn", "eval linear");

    @Test
    void everyCommandThatRunsATrainedBackboneOffersTheSameModelPluginAndDeviceOptions() {
        for (String name : List.of("--checkpoint", "--weights", "--network", "--weights-format", "--device", "--plugins-dir",
                "--strict-plugins")) {
            Map<String, String> described = MODEL_COMMANDS.stream()
                    .collect(Collectors.toMap(command -> command, command -> describe(option(command, name))));
            assertThat(described.values()).as(name + " in " + described.keySet()).hasSize(MODEL_COMMANDS.size()).containsOnly(
                    described.get("embed"));
        }
        assertThat(option("embed", "--device").defaultValue()).isEqualTo("auto");
        assertThat(describe(option("report", "--device"))).isEqualTo(describe(option("embed", "--device")));
        assertThat(describe(option("search-benchmark", "--device"))).isEqualTo(describe(option("embed", "--device")));
    }

    @Test
    void theForwardPassBatchAndTheNeighboursAreDefinedOnce() {
        assertThat(List.of(describe(option("embed", "--batch-size")), describe(option("search", "--batch-size"))))
                .containsOnly(describe(option("eval knn", "--batch-size")));
        assertThat(option("search", "--batch-size").defaultValue()).isEqualTo("128");
        assertThat(describe(option("search", "--top"))).isEqualTo(describe(option("search-benchmark", "--top")));
        assertThat(option("search", "--top").defaultValue()).isEqualTo("5");
    }

    @Test
    void theImageLimitHasOneDescriptionAndEachCommandsDefault() {
        OptionSpec embed = option("embed", "--limit");
        OptionSpec pca = option("pca", "--limit");

        // the description as written, before picocli puts in each command's default
        assertThat(String.join(" ", pca.description()).replace("default: 16", "default: N"))
                .isEqualTo(String.join(" ", embed.description()).replace("default: 0", "default: N"));
        assertThat(embed.defaultValueString()).isEqualTo("0");
        assertThat(pca.defaultValueString()).isEqualTo("16");
        assertThat(usage("pca")).contains("Use the first N images (default: 16; 0 = all).");
        assertThat(usage("embed")).contains("Use the first N images (default: 0; 0 = all).");
    }

    private static OptionSpec option(String command, String name) {
        OptionSpec option = command(command).getCommandSpec().findOption(name);
        assertThat(option).as(name + " of " + command).isNotNull();
        return option;
    }

    private static String describe(OptionSpec option) {
        return option.paramLabel() + " | " + String.join(" ", option.description()) + " | " + option.defaultValue();
    }

    private static String usage(String command) {
        return command(command).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static CommandLine command(String path) {
        CommandLine command = DINO;
        for (String name : path.split(" ")) {
            command = command.getSubcommands().get(name);
        }
        return command;
    }
}
