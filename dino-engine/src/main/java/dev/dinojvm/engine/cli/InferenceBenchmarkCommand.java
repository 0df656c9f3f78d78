package dev.dinojvm.engine.cli;

import ai.djl.Device;
import dev.dinojvm.api.BackboneFactory;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.engine.bench.InferenceBenchmark;
import dev.dinojvm.engine.eval.TrainedBackbone;
import dev.dinojvm.engine.onnx.InferenceEngine;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.runtime.DjlRuntime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dino inference-benchmark}: images per second of a randomly initialised ViT's CLS features under
 * libtorch and ONNX Runtime on the CPU, the same threads, alternating round by round.
 */
@Command(name = "inference-benchmark", mixinStandardHelpOptions = true,
        description = "Time the CLS features of a randomly initialised ViT under libtorch and ONNX Runtime on the CPU"
                + " (same threads, engines alternating); print a Markdown table row per batch size.")
public class InferenceBenchmarkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PluginOptions pluginOptions;

    @Option(names = "--model", defaultValue = "vit-s16", paramLabel = "vit-s16|demo",
            description = "vit-s16: ViT-S/16 at 224 px; demo: the embedded demo's ViT (64 dim, depth 4, 2 heads, patch 7, 28 px)"
                    + " (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--batch-sizes", split = ",", defaultValue = "1,64", paramLabel = "N", description = "Batch sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(names = "--images", defaultValue = "64", paramLabel = "N",
            description = "Images per engine and round, at least one batch (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N", description = "Rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--threads", paramLabel = "N",
            description = "Intra-op threads of both engines (default: libtorch's, the number of cores).")
    Integer threads;

    @Override
    public Integer call() {
        Map<String, String> architecture = switch (model) {
            case "vit-s16" -> Map.of("arch", "vit_small", "patch-size", "16", "image-size", "224");
            case "demo" -> Map.of("arch", "vit_tiny", "embed-dim", "64", "depth", "4", "heads", "2", "patch-size", "7", "image-size", "28");
            default -> throw new ParameterException(spec.commandLine(), "--model must be vit-s16 or demo, got '" + model + "'");
        };
        if (rounds <= 0 || images <= 0 || batchSizes.stream().anyMatch(b -> b <= 0)) {
            throw new ParameterException(spec.commandLine(), "--rounds, --images and --batch-sizes must be positive");
        }
        PluginRegistry registry = pluginOptions.loadWarning(spec.commandLine().getErr());
        DjlRuntime.initialise();
        if (threads != null) {
            if (threads <= 0) {
                throw new ParameterException(spec.commandLine(), "--threads must be positive");
            }
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
        BackboneFactory factory = registry.require(ComponentKind.BACKBONE, "vit", BackboneFactory.class);
        ComponentConfig config = new ComponentConfig(ComponentKind.BACKBONE.configPrefix(), factory.configKeys(), architecture);
        try (TrainedBackbone backbone = TrainedBackbone.randomlyInitialised(factory, config, Device.cpu())) {
            System.out.printf("%s, CLS features, %d threads for both engines, %d rounds%n", model, InferenceBenchmark.threads(), rounds);
            StringBuilder table = new StringBuilder("| model | batch | libtorch images/s | ONNX Runtime images/s | ratio ONNX Runtime / libtorch (median of rounds) |\n"
                    + "|---|---:|---:|---:|---:|\n");
            for (int batch : batchSizes) {
                int passes = Math.max(1, images / batch);
                InferenceBenchmark.Result result = InferenceBenchmark.run(backbone, batch, passes, rounds, System.out);
                table.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.2f |%n", model, batch,
                        result.imagesPerSecond().get(InferenceEngine.LIBTORCH), result.imagesPerSecond().get(InferenceEngine.ONNXRUNTIME),
                        result.medianRatio()));
            }
            System.out.print(table);
        }
        return 0;
    }
}
