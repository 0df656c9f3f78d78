package dev.dinojvm.engine.cli;

import dev.dinojvm.api.Component;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.engine.plugin.LoadedPlugin;
import dev.dinojvm.engine.plugin.PluginProblem;
import dev.dinojvm.engine.plugin.PluginRegistry;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dino plugins list}: one row per component, then the plugins that were skipped and why. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the components of every plugin found.")
public class PluginsListCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    PluginOptions pluginOptions;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        PluginRegistry registry = pluginOptions.load();
        TextTable table = new TextTable().row("COMPONENT", "KIND", "PLUGIN", "VERSION", "SPI", "LOCATION");
        int rows = 0;
        for (ComponentKind kind : ComponentKind.values()) {
            for (Component component : registry.components(kind)) {
                LoadedPlugin plugin = registry.pluginOf(component).orElseThrow();
                table.row(component.name(), kind.label(), plugin.name(), plugin.version(), plugin.spiVersion(), plugin.location());
                rows++;
            }
        }
        if (rows == 0) {
            out.println("No plugins found.");
        } else {
            table.print(out);
        }
        if (!registry.problems().isEmpty()) {
            out.println();
            out.println("Skipped:");
            for (PluginProblem problem : registry.problems()) {
                out.println("  " + problem.location() + ": " + problem.reason());
                out.println("    hint: " + problem.hint());
            }
        }
        out.flush();
    }
}
