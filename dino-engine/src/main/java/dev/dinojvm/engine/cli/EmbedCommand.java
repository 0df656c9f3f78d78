package dev.dinojvm.engine.cli;

import dev.dinojvm.api.BackboneFactory;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.data.ImageSources;
import dev.dinojvm.engine.eval.CountProgress;
import dev.dinojvm.engine.eval.FeatureExtractor;
import dev.dinojvm.engine.eval.NpyFiles;
import dev.dinojvm.engine.model.TrainedBackbone;
import dev.dinojvm.engine.plugin.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
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
    BackboneOptions backboneOptions;

    @Mixin
    PluginOptions pluginOptions;

    @Option(names = "--weights", paramLabel = "FILE.safetensors",
            description = "Backbone weights with the official DINO/timm names (instead of --checkpoint); give the architecture with --arch and the options below.")
    Path weights;

    @Option(names = "--arch", paramLabel = "vit_tiny|vit_small|vit_base", description = "With --weights: the architecture preset (default vit_small).")
    String arch;

    @Option(names = "--patch-size", paramLabel = "N", description = "With --weights: patch side (default 16).")
    Integer patchSize;

    @Option(names = "--image-size", paramLabel = "N", description = "With --weights: input side S (default 224).")
    Integer imageSize;

    @Option(names = "--embed-dim", paramLabel = "N", description = "With --weights: token dimension, overriding the preset's.")
    Integer embedDim;

    @Option(names = "--depth", paramLabel = "N", description = "With --weights: number of blocks, overriding the preset's.")
    Integer depth;

    @Option(names = "--heads", paramLabel = "N", description = "With --weights: attention heads, overriding the preset's.")
    Integer heads;

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
        if ((weights == null) == (backboneOptions.checkpoint == null)) {
            throw new ParameterException(spec.commandLine(), "give either --checkpoint or --weights");
        }
        if (weights == null && (arch != null || patchSize != null || imageSize != null || embedDim != null || depth != null || heads != null)) {
            throw new ParameterException(spec.commandLine(),
                    "--arch, --patch-size, --image-size, --embed-dim, --depth and --heads go with --weights (a checkpoint knows its architecture)");
        }
        if (batchSize <= 0) {
            throw new ParameterException(spec.commandLine(), "--batch-size must be positive");
        }
        PluginRegistry registry = pluginOptions.loadWarning(spec.commandLine().getErr());
        ImageSource source = ImageSources.open(data, split, limit);
        try (TrainedBackbone backbone = weights != null ? fromWeights(registry) : backboneOptions.load(spec.commandLine(), registry)) {
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

    private TrainedBackbone fromWeights(PluginRegistry registry) throws IOException {
        if (!Files.isRegularFile(weights)) {
            throw new IllegalArgumentException("weights file not found: " + weights);
        }
        BackboneFactory factory = registry.require(ComponentKind.BACKBONE, "vit", BackboneFactory.class);
        Map<String, String> values = new LinkedHashMap<>();
        put(values, "arch", arch);
        put(values, "patch-size", patchSize);
        put(values, "image-size", imageSize);
        put(values, "embed-dim", embedDim);
        put(values, "depth", depth);
        put(values, "heads", heads);
        ComponentConfig config = new ComponentConfig(ComponentKind.BACKBONE.configPrefix(), factory.configKeys(), values);
        return TrainedBackbone.fromWeights(weights, factory, config, registry, backboneOptions.device(spec.commandLine()));
    }

    private static void put(Map<String, String> values, String key, Object value) {
        if (value != null) {
            values.put(key, value.toString());
        }
    }
}
