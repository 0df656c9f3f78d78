package dev.dinojvm.engine.cli;

import dev.dinojvm.api.Augmentation;
import dev.dinojvm.api.CropLayout;
import dev.dinojvm.engine.config.ConfigInput;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.config.EngineKeys;
import dev.dinojvm.engine.data.DataException;
import dev.dinojvm.engine.data.DataInspection;
import dev.dinojvm.engine.data.ImageSources;
import dev.dinojvm.engine.data.PipelineEstimate;
import dev.dinojvm.engine.job.TrainingComponents;
import dev.dinojvm.engine.plugin.ContextLoaderSwap;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dino data inspect DIR}: per split and class, what training and evaluation will see, the
 * values to normalise with, and how fast this machine decodes and augments the images at the
 * configured crops.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Report a data set split by split: images per class, sizes, channels and bit depth, unreadable files,",
            "duplicates (also across splits), per-channel mean/std, and the decode+augment throughput at the configured crops.",
            "DIR: an image folder, a folder of MNIST IDX files, or embedded:fashion-mnist. See docs/data.md."})
public class DataInspectCommand implements Callable<Integer> {

    /** Images decoded and augmented, at most, for the throughput estimate. */
    private static final int THROUGHPUT_IMAGES = 200;
    private static final long THROUGHPUT_NANOS = 3_000_000_000L;
    private static final int PROGRESS_LINE_EVERY = 5_000;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The data: an image folder, an IDX folder or embedded:fashion-mnist.")
    String path;

    @Option(names = "--json", description = "Print one JSON object instead of tables.")
    boolean json;

    @Option(names = "--no-throughput", description = "Skip the decode+augment throughput estimate.")
    boolean noThroughput;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        int threads = Runtime.getRuntime().availableProcessors();
        boolean console = System.console() != null;
        long started = System.nanoTime();
        // On a terminal the count is rewritten in place; in a log, a line every 5,000 images.
        DataInspection.Report report = DataInspection.inspect(path, threads, done -> {
            if (console) {
                err.print("\rinspect: " + done + " images read");
                err.flush();
            } else if (done > 0 && done % PROGRESS_LINE_EVERY == 0) {
                err.println("inspect: " + done + " images read");
                err.flush();
            }
        });
        if (console || !json) {
            err.println(String.format(Locale.ROOT, (console ? "\r" : "") + "inspect: %d images read in %.1f s with %d threads",
                    report.splits().stream().mapToInt(DataInspection.Split::images).sum(), (System.nanoTime() - started) / 1e9, threads));
        }
        PipelineEstimate.Result throughput = noThroughput ? null : throughput();
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? InspectionText.json(report, throughput) : InspectionText.tables(report, throughput));
        out.flush();
        if (report.splits().get(0).images() == report.splits().get(0).unreadable().size()) {
            throw new DataException("none of the " + report.splits().get(0).images() + " images of " + report.splits().get(0).folder()
                    + " can be read (listed above)");
        }
        return 0;
    }

    /** Decodes and augments some training images on one thread, with the augmentation training would use. */
    private PipelineEstimate.Result throughput() throws Exception {
        ConfigInput given = configOptions.input();
        List<ConfigInput.OptionValue> options = new ArrayList<>(given.options());
        options.add(new ConfigInput.OptionValue("DIR", EngineKeys.DATA_PATH, path));
        ConfigOptions.Configuration configuration = configOptions.load(new ConfigInput(given.configFile(), options, given.assignments()));
        DinoSettings settings = configuration.settings();
        Augmentation augmentation = new TrainingComponents(settings, configuration.registry()).augmentation();
        int workers = settings.engine().data().workers();
        workers = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
        try (ContextLoaderSwap swap = ContextLoaderSwap.of(augmentation)) {
            CropLayout layout = augmentation.layout();
            return PipelineEstimate.measure(ImageSources.open(path, "train", 0), augmentation, layout, workers,
                    THROUGHPUT_IMAGES, THROUGHPUT_NANOS);
        }
    }
}
