package dev.dinojvm.engine.cli;

import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.api.ImageArray;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.data.ImageFolderSource;
import dev.dinojvm.engine.data.pixels.PixelFiles;
import dev.dinojvm.engine.data.pixels.PixelImage;
import dev.dinojvm.engine.data.pixels.PixelKind;
import dev.dinojvm.engine.eval.TrainedBackbone;
import dev.dinojvm.engine.visual.AttentionExtractor;
import dev.dinojvm.engine.visual.AttentionFigure;
import dev.dinojvm.engine.visual.ChannelDisplay;
import dev.dinojvm.engine.visual.CropAttention;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dino attention}: the last block's CLS self-attention of each head, as a PNG figure. */
@Command(name = "attention", mixinStandardHelpOptions = true,
        description = "Draw the CLS token's self-attention of each head of the last block over an image (PNG).")
public class AttentionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TrainedModelOptions model;

    @Option(names = "--image", paramLabel = "FILE", required = true, description = "The image: PNG, JPEG, BMP, GIF, TIFF or .npy, of any channel count the model takes.")
    Path image;

    @Option(names = "--output", paramLabel = "FILE.png", required = true, description = "Where to write the figure.")
    Path output;

    @Mixin
    ChannelsOption channels;

    @Option(names = "--threshold", paramLabel = "MASS",
            description = "Add a row of masks keeping the patches with this fraction of each head's attention (e.g. 0.6).")
    Double threshold;

    @Override
    public Integer call() throws IOException {
        if (threshold != null && !(threshold > 0 && threshold <= 1)) {
            throw new ConfigException(List.of(new ConfigProblem("--threshold", "must be in (0, 1], got " + threshold)));
        }
        if (!Files.isRegularFile(image)) {
            throw new ConfigException(List.of(new ConfigProblem("--image", "no such file: " + image)));
        }
        ImageArray pixels = read(image);
        ChannelDisplay display = channels.display(pixels.channels());
        CropAttention attention;
        try (TrainedBackbone backbone = model.load()) {
            attention = new AttentionExtractor(backbone, display).compute(pixels);
        }
        BufferedImage figure = AttentionFigure.render(attention, threshold);
        Path parent = output.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (!ImageIO.write(figure, "png", output.toFile())) {
            throw new IOException("no PNG writer available");
        }
        spec.commandLine().getOut().printf("Wrote %s: the %d px crop and %d heads (%d x %d patches of %d px)%s.%n", output,
                attention.size(), attention.heads().length, attention.grid(), attention.grid(), attention.patchSize(),
                threshold == null ? "" : ", with masks keeping " + Math.round(threshold * 100) + " % of the attention");
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** As an image folder reads it: 8-bit images as RGB (or grey), others with their channels and depth. */
    private static ImageArray read(Path file) throws IOException {
        PixelImage image = PixelFiles.read(file);
        return PixelKind.of(image.header()).isRgb8() ? ImageFolderSource.read(file) : image.toImageArray();
    }
}
