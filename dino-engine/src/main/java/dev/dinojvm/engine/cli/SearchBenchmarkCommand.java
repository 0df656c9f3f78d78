package dev.dinojvm.engine.cli;

import ai.djl.ndarray.NDManager;
import dev.dinojvm.engine.runtime.DeviceSelector;
import dev.dinojvm.engine.runtime.DjlRuntime;
import dev.dinojvm.engine.search.SearchBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dino search-benchmark}: how long {@code dino search} takes over an index of a given size, with random features. */
@Command(name = "search-benchmark", mixinStandardHelpOptions = true,
        description = "Time brute-force cosine search over a random index (default: 1,000,000 x 384, ViT-S/16's CLS features).")
public class SearchBenchmarkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", defaultValue = "1000000", paramLabel = "N", description = "Index rows (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--dim", defaultValue = "384", paramLabel = "D", description = "Feature dimension (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--top", defaultValue = "5", paramLabel = "K", description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto", description = "Where to run (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() {
        if (rows <= 0 || dim <= 0 || top <= 0 || top > rows) {
            throw new ParameterException(spec.commandLine(), "--rows, --dim and --top must be positive, --top at most --rows");
        }
        DjlRuntime.initialise();
        try (NDManager manager = NDManager.newBaseManager(DeviceSelector.select(device))) {
            SearchBenchmark.run(manager, rows, dim, top, System.out);
        }
        return 0;
    }
}
