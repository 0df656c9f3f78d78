package dev.dinojvm.engine.cli;

import ai.djl.ndarray.NDManager;
import dev.dinojvm.engine.runtime.DjlRuntime;
import dev.dinojvm.engine.search.SearchBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    NeighboursOption top;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() {
        int neighbours = top.count();
        if (rows <= 0 || dim <= 0 || neighbours > rows) {
            throw new ParameterException(spec.commandLine(), "--rows and --dim must be positive, --top at most --rows");
        }
        DjlRuntime.initialise();
        try (NDManager manager = NDManager.newBaseManager(device.select())) {
            SearchBenchmark.run(manager, rows, dim, neighbours, System.out);
        }
        return 0;
    }
}
