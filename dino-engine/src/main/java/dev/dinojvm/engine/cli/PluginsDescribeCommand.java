package dev.dinojvm.engine.cli;

import dev.dinojvm.api.Component;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ConfigKey;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.Suggestions;
import dev.dinojvm.engine.plugin.LoadedPlugin;
import dev.dinojvm.engine.plugin.PluginRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dino plugins describe NAME}: a component's settings with type, default and description. */
@Command(name = "describe", mixinStandardHelpOptions = true, description = "Show a component's settings.")
public class PluginsDescribeCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    PluginOptions pluginOptions;

    @Parameters(paramLabel = "NAME", description = "A component name, as listed by 'dino plugins list'.")
    String name;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        PluginRegistry registry = pluginOptions.loadWarning(spec.commandLine().getErr());
        Component component = registry.findAnyKind(name).orElseThrow(() -> unknown(registry));
        ComponentKind kind = component.kind();
        LoadedPlugin plugin = registry.pluginOf(component).orElseThrow();
        out.println(component.name() + " (" + kind.label() + "): " + component.description());
        out.println("Plugin " + plugin.name() + " " + plugin.version() + ", SPI " + plugin.spiVersion() + ", from " + plugin.location());
        out.println("Select it with " + kind.configPrefix() + ".type=" + component.name() + ".");
        out.println();
        List<ConfigKey> keys = component.configKeys();
        if (keys.isEmpty()) {
            out.println("It has no settings.");
        } else {
            TextTable table = new TextTable().row("KEY", "TYPE", "DEFAULT", "DESCRIPTION");
            for (ConfigKey key : keys) {
                String type = key.type().name().toLowerCase(Locale.ROOT).replace('_', '-');
                String description = key.description()
                        + (key.choices().isEmpty() ? "" : " One of: " + String.join(", ", key.choices()) + ".")
                        + (key.valueRange().isUnbounded() ? "" : " Range: " + key.valueRange().describe() + ".");
                table.row(kind.configPrefix() + "." + key.name(), type, key.defaultValue() == null ? "-" : key.defaultValue(), description);
            }
            table.print(out);
        }
        out.flush();
    }

    private ConfigException unknown(PluginRegistry registry) {
        List<String> names = new ArrayList<>();
        for (ComponentKind kind : ComponentKind.values()) {
            registry.components(kind).forEach(c -> names.add(c.name()));
        }
        String available = names.isEmpty() ? "no component is installed" : "available: " + String.join(", ", names);
        String suggestion = Suggestions.closest(name, names).map(s -> "; did you mean '" + s + "'?").orElse("");
        return new ConfigException(List.of(new ConfigProblem(name, "no component of that name; " + available + suggestion)));
    }
}
