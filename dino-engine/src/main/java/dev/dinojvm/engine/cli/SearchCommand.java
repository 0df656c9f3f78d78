package dev.dinojvm.engine.cli;

import dev.dinojvm.engine.data.ImageFolderSource;
import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.eval.CountProgress;
import dev.dinojvm.engine.eval.FeatureExtractor;
import dev.dinojvm.engine.eval.FeatureNetwork;
import dev.dinojvm.engine.eval.NpyFiles;
import dev.dinojvm.engine.eval.TrainedBackbone;
import dev.dinojvm.engine.search.CosineSearch;
import dev.dinojvm.engine.search.FeatureSideFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dino search}: embeds query images with a model and prints their nearest neighbours in an
 * index written by {@code dino embed} (the same model), by cosine similarity over normalised features.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Print the nearest neighbours of query images in an index written by 'dino embed' (cosine similarity"
                + " of normalised CLS features; embed the index with the same model).")
public class SearchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TrainedModelOptions model;

    @Mixin
    InferenceEngineOptions engine;

    @Option(names = "--index", required = true, paramLabel = "FEATURES.npy",
            description = "CLS features (N, D) written by 'dino embed'; the image paths are read from its .json side file.")
    Path index;

    @Option(names = "--query", required = true, paramLabel = "IMAGE|DIR", description = "One image, or a folder of images.")
    Path query;

    @Mixin
    NeighboursOption top;

    @Mixin
    ForwardBatchOption batch;

    @Override
    public Integer call() throws IOException {
        int neighbours = top.count();
        int batchSize = batch.images();
        if (!Files.exists(query)) {
            throw new ParameterException(spec.commandLine(), "query not found: " + query);
        }
        NpyFiles.NpyArray features = NpyFiles.read(index);
        if (features.shape().length != 2) {
            throw new IllegalArgumentException(index + " holds an array of shape " + java.util.Arrays.toString(features.shape())
                    + "; search needs CLS features (N, D): write them with 'dino embed --tokens cls'");
        }
        Optional<FeatureSideFile> side = FeatureSideFile.read(index);
        ImageSource queries = Files.isDirectory(query) ? ImageFolderSource.open(query, "train", 0) : new SingleImage(query);
        try (TrainedBackbone backbone = model.load(); FeatureNetwork network = engine.open(backbone, false)) {
            int dim = (int) features.shape()[1];
            if (dim != backbone.backbone().outputDim()) {
                throw new IllegalArgumentException(index + " holds " + dim + "-d features but the model gives "
                        + backbone.backbone().outputDim() + "-d ones: embed the index with the same model");
            }
            FeatureExtractor extractor = new FeatureExtractor(backbone.manager(), network::features,
                    backbone.evalTransform(), batchSize);
            float[][] queryFeatures = extractor.extract(queries, queries.size(),
                    new CountProgress(System.err, System.console() != null, "queries", queries.size()));
            try (CosineSearch search = CosineSearch.of(backbone.manager(), features.values(), dim)) {
                List<List<CosineSearch.Hit>> results = search.search(queryFeatures, neighbours);
                for (int q = 0; q < results.size(); q++) {
                    System.out.println(queries.describe(q));
                    for (CosineSearch.Hit hit : results.get(q)) {
                        String name = side.filter(s -> hit.row() < s.images().size()).map(s -> s.images().get(hit.row()))
                                .orElse("row " + hit.row());
                        System.out.printf("  %.4f  %s%n", hit.similarity(), name);
                    }
                }
            }
        }
        return 0;
    }

    /** One query image as a source. */
    private record SingleImage(Path file) implements ImageSource {
        @Override
        public int size() {
            return 1;
        }

        @Override
        public dev.dinojvm.api.ImageArray load(int index) throws IOException {
            return ImageFolderSource.read(file);
        }

        @Override
        public int label(int index) {
            return -1;
        }

        @Override
        public List<String> classNames() {
            return List.of();
        }

        @Override
        public String describe(int index) {
            return file.toString();
        }
    }
}
