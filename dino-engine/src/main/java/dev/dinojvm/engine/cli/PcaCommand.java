package dev.dinojvm.engine.cli;

import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.data.ImageSources;
import dev.dinojvm.engine.eval.CountProgress;
import dev.dinojvm.engine.eval.TrainedBackbone;
import dev.dinojvm.engine.visual.ChannelDisplay;
import dev.dinojvm.engine.visual.PatchPcaImages;
import dev.dinojvm.engine.visual.PcaFigure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dino pca}: the PCA picture of patch features over a set of images, as in the DINOv2 paper:
 * the first three principal components of the foreground patch tokens as RGB, the background (low
 * first component of all patches) black.
 */
@Command(name = "pca", mixinStandardHelpOptions = true,
        description = "Draw the first three principal components of the patch features of a set of images as RGB"
                + " (background removed by thresholding the first component): one PNG per image and pca-grid.png.")
public class PcaCommand implements Callable<Integer> {

    @Mixin
    TrainedModelOptions model;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "A folder of images (or an IDX directory).")
    String images;

    @Mixin
    ImageLimitOption limit = new ImageLimitOption(16);

    @Option(names = "--threshold", defaultValue = "0", paramLabel = "T",
            description = "Foreground: first component above T standard deviations (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Folder for the pictures (created).")
    Path output;

    @Mixin
    ChannelsOption channels;

    @Override
    public Integer call() throws IOException {
        ImageSource source = ImageSources.open(images, "train", limit.images());
        ChannelDisplay display = channels.display(source.load(0).channels());
        try (TrainedBackbone backbone = model.load()) {
            int size = backbone.backbone().imageSize();
            PatchPcaImages pca = PatchPcaImages.compute(backbone, source, threshold, display,
                    new CountProgress(System.err, System.console() != null, "images", source.size()));
            Files.createDirectories(output);
            for (int i = 0; i < source.size(); i++) {
                String name = String.format("%03d-%s", i, Path.of(source.describe(i)).getFileName());
                ImageIO.write(PcaFigure.picture(pca.result().colours()[i], pca.gridSide(), size), "png",
                        output.resolve(name.replaceAll("\\.[A-Za-z]+$", "") + "-pca.png").toFile());
            }
            ImageIO.write(pca.figure(), "png", output.resolve("pca-grid.png").toFile());
            System.out.printf("Wrote %d PCA pictures and %s (%s)%n", source.size(), output.resolve("pca-grid.png"),
                    backbone.description());
        }
        return 0;
    }
}
