package dev.dinojvm.engine.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code dino}: the engine's command line. Without a subcommand it prints its usage. */
@TopCommand
@Command(
        name = "dino",
        mixinStandardHelpOptions = true,
        versionProvider = DinoVersion.class,
        description = "Self-supervised DINO training of vision transformers on the JVM.",
        subcommands = {TrainCommand.class, PluginsCommand.class, ConfigCommand.class, DataCommand.class,
                EvalCommand.class,
                EmbedCommand.class,
                SearchCommand.class,
                SearchBenchmarkCommand.class,
                InferenceBenchmarkCommand.class,
                PcaCommand.class,
                ExportCommand.class,
                AttentionCommand.class,
                ReportCommand.class,
                ServeCommand.class,
                BenchCommand.class})
public class DinoCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Read by {@link ErrorReporter} from the parse result; declared here so that every command accepts it. */
    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors (or set DINO_DEBUG=1).")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new MissingSubcommandException(spec.commandLine());
    }
}
