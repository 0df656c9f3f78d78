package dev.dinojvm.engine.cli;

import dev.dinojvm.engine.bench.BenchJob;
import dev.dinojvm.engine.bench.BenchOptions;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.config.EngineSettings;
import dev.dinojvm.engine.data.ImageSources;
import dev.dinojvm.engine.job.DataDerivedSettings;
import dev.dinojvm.engine.runtime.DjlRuntime;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dino bench}: measures training throughput, data-pipeline throughput and memory; prints one JSON line. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the configured training step (synthetic crops) and data pipeline; print one JSON line.",
            "Builds the model exactly as 'dino train' does. See docs/performance.md."})
public class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "20", description = "Timed training steps and data batches (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "5", description = "Untimed steps and batches first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--profile", description = "Also time the phases of a step (on a GPU this synchronises after each phase).")
    boolean profile;

    @Option(names = "--model-only", description = "Measure training steps only.")
    boolean modelOnly;

    @Option(names = "--data-pipeline-only", description = "Measure the data pipeline only.")
    boolean dataOnly;

    @Option(names = "--stages", description = "Also time each stage of the data pipeline (decode, each augmentation step, copy into the batch), one image at a time on one thread.")
    boolean stages;

    @Override
    public Integer call() throws Exception {
        BenchOptions options;
        try {
            options = new BenchOptions(warmup, steps, profile, !dataOnly, !modelOnly, stages);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ConfigOptions.Configuration configuration = configOptions.load(configOptions.input());
        DjlRuntime.initialise();
        // As training does: the input channels, the pixel kind and (beyond 8-bit RGB) the normalisation come from the images.
        EngineSettings.Data data = configuration.settings().engine().data();
        DinoSettings settings = DataDerivedSettings.resolve(configuration.settings(), ImageSources.open(data.path(), "train", data.limit()),
                Optional.empty(), System.err);
        System.out.println(new BenchJob(settings, configuration.registry(), options).run().toJsonLine());
        return 0;
    }
}
