package dev.dinojvm.engine.cli;

import dev.dinojvm.engine.config.Presets;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dino config presets}: the named configurations {@code --config NAME} selects, with their purpose. */
@Command(name = "presets", mixinStandardHelpOptions = true,
        description = "List the named configurations shipped with dino (--config NAME).")
public class ConfigPresetsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        TextTable table = new TextTable().row("PRESET", "PURPOSE");
        Presets.all().forEach(preset -> table.row(preset.name(), preset.purpose()));
        table.print(out);
        out.println();
        out.println("Use one with --config NAME (e.g. ./dino train --config cpu-photos --data DIR); "
                + "see its settings with ./dino config show --config NAME.");
        out.flush();
    }
}
