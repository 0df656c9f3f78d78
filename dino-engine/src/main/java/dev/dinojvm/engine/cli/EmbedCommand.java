package dev.dinojvm.engine.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.dinojvm.api.PatchTokens;
import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.data.ImageSources;
import dev.dinojvm.engine.eval.CountProgress;
import dev.dinojvm.engine.eval.FeatureExtractor;
import dev.dinojvm.engine.eval.FeatureNetwork;
import dev.dinojvm.engine.eval.NpyFiles;
import dev.dinojvm.engine.eval.TrainedBackbone;
import dev.dinojvm.engine.search.FeatureSideFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dino embed}: the features of every image, in data order, as a float32 NumPy array: the CLS
 * features {@code (N, D)}, the patch tokens {@code (N, P, D)} or all tokens {@code (N, 1 + P, D)}.
 * Beside it, a JSON side file names the image of each row and gives the patch grid.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Write the backbone's features of every image as a NumPy .npy file (float32, in data order), and beside it"
                + " a .json side file with the image of each row and the patch grid.")
public class EmbedCommand implements Callable<Integer> {

    /** Which tokens to write. */
    enum Tokens {
        cls, patch, all
    }

    @Mixin
    TrainedModelOptions model;

    @Mixin
    InferenceEngineOptions engine;

    @Option(names = "--data", required = true, paramLabel = "DATA",
            description = "The images: embedded:fashion-mnist, an IDX directory or an image folder.")
    String data;

    @Option(names = "--split", defaultValue = "train", paramLabel = "train|test", description = "Which split (default: ${DEFAULT-VALUE}).")
    String split;

    @Mixin
    ImageLimitOption limit;

    @Mixin
    ForwardBatchOption batch;

    @Option(names = "--tokens", defaultValue = "cls", paramLabel = "cls|patch|all",
            description = "cls: (N, D) CLS features; patch: (N, P, D) patch tokens; all: (N, 1 + P, D) (default: ${DEFAULT-VALUE}).")
    Tokens tokens;

    @Option(names = "--output", required = true, paramLabel = "FILE.npy", description = "The NumPy file to write.")
    Path output;

    @Override
    public Integer call() throws IOException {
        int batchSize = batch.images();
        ImageSource source = ImageSources.open(data, split, limit.images());
        try (TrainedBackbone backbone = model.load();
                FeatureNetwork network = engine.open(backbone, tokens != Tokens.cls)) {
            System.out.printf("Embedding %d images (%s split of %s) with %s on %s%n", source.size(), split, data,
                    backbone.description(), network.engineName());
            int size = backbone.backbone().imageSize();
            int dim = backbone.backbone().outputDim();
            if (tokens != Tokens.cls) {
                backbone.tokenCapability(); // stops here, with a clear message, when the backbone has no tokens to give
            }
            int grid = backbone.backbone() instanceof PatchTokens patches ? size / patches.patchSize() : 0;
            FeatureExtractor extractor = new FeatureExtractor(backbone.manager(), rows(network), backbone.evalTransform(), batchSize);
            float[][] rows = extractor.extract(source, source.size(),
                    new CountProgress(System.err, System.console() != null, "images", source.size()));
            Shape shape = switch (tokens) {
                case cls -> new Shape(rows.length, dim);
                case patch -> new Shape(rows.length, (long) grid * grid, dim);
                case all -> new Shape(rows.length, 1 + (long) grid * grid, dim);
            };
            NpyFiles.write(output, flatten(rows), shape, backbone.manager());
            List<String> images = new ArrayList<>(source.size());
            for (int i = 0; i < source.size(); i++) {
                images.add(source.describe(i));
            }
            new FeatureSideFile(tokens.name(), dim, grid, grid, size, backbone.description(), images).write(output);
            System.out.printf("Wrote %s: float32 %s, and %s%n", output, shape, FeatureSideFile.pathFor(output));
        }
        return 0;
    }

    /** Images to one flat row each: the CLS feature, or the chosen tokens flattened. */
    private UnaryOperator<NDArray> rows(FeatureNetwork network) {
        return switch (tokens) {
            case cls -> network::features;
            case patch -> network::patchTokenRows;
            case all -> images -> {
                NDArray tokens = network.tokens(images);
                return tokens.reshape(tokens.getShape().get(0), -1);
            };
        };
    }

    private static float[] flatten(float[][] rows) {
        int length = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[Math.multiplyExact(rows.length, length)];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * length, length);
        }
        return flat;
    }
}
