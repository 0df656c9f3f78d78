package dev.dinojvm.engine.cli;

import dev.dinojvm.engine.config.SettingValue;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code dino config show}: every effective setting as {@code key = value}, with its source as a
 * trailing {@code #} comment, so that the output is itself a valid properties file.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print every effective setting and where it comes from (takes the same options as train).")
public class ConfigShowCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public void run() {
        Map<String, SettingValue> all = configOptions.load(configOptions.input()).settings().all();
        int width = all.entrySet().stream().mapToInt(e -> e.getKey().length() + 3 + e.getValue().value().length()).max().orElse(0);
        PrintWriter out = spec.commandLine().getOut();
        all.forEach((key, setting) -> out.println(
                String.format("%-" + width + "s  # %s", key + " = " + setting.value(), setting.source())));
        out.flush();
    }
}
