package dev.dinojvm.engine.cli;

import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.data.ImageSources;
import dev.dinojvm.engine.eval.CountProgress;
import dev.dinojvm.engine.eval.FeatureExtractor;
import dev.dinojvm.engine.eval.NpyFiles;
import dev.dinojvm.engine.model.TrainedBackbone;
import dev.dinojvm.engine.plugin.PluginRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dino embed}: the CLS features of every image, in data order, as a float32 NumPy array
 * {@code (N, D)}, from a training run or from a safetensors file with the official parameter names.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Write the backbone's CLS features of every image as a NumPy .npy file (one float32 row per image, in data order).")
public class EmbedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TrainedModelOptions model;

    @Mixin
    PluginOptions pluginOptions;

    @Option(names = "--data", required = true, paramLabel = "DATA",
            description = "The images: embedded:fashion-mnist, an IDX directory or an image folder.")
    String data;

    @Option(names = "--split", defaultValue = "train", paramLabel = "train|test", description = "Which split (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Only the first N images (0 = all).")
    int limit;

    @Option(names = "--batch-size", defaultValue = "128", paramLabel = "N", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--output", required = true, paramLabel = "FILE.npy", description = "The NumPy file to write.")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (batchSize <= 0) {
            throw new ParameterException(spec.commandLine(), "--batch-size must be positive");
        }
        PluginRegistry registry = pluginOptions.loadWarning(spec.commandLine().getErr());
        ImageSource source = ImageSources.open(data, split, limit);
        try (TrainedBackbone backbone = model.load(registry)) {
            System.out.printf("Embedding %d images (%s split of %s) with %s%n", source.size(), split, data, backbone.description());
            FeatureExtractor extractor = new FeatureExtractor(backbone.manager(), backbone::features,
                    backbone.backbone().imageSize(), batchSize);
            float[][] features = extractor.extract(source, source.size(),
                    new CountProgress(System.err, System.console() != null, "images", source.size()));
            NpyFiles.write(output, features, backbone.manager());
            System.out.printf("Wrote %s: float32 (%d, %d)%n", output, features.length, backbone.backbone().outputDim());
        }
        return 0;
    }
}
