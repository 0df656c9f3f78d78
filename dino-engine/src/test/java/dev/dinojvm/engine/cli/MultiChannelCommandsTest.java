package dev.dinojvm.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.dinojvm.api.BackboneFactory;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.engine.eval.NpyFiles;
import dev.dinojvm.engine.eval.TrainedBackbone;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.plugin.PluginSource;
import dev.dinojvm.engine.runtime.DjlRuntime;
import dev.dinojvm.engine.weights.ChannelAdaptation;
import dev.dinojvm.engine.weights.WeightsFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The commands that run a trained backbone on a folder of 4-channel images (float arrays, and 16-bit TIFFs
 * and arrays of the data package's fixtures), with the RGB fixture ViT adapted to 4 input channels: its
 * features, its attention and PCA figures, and the one-line refusals.
 */
class MultiChannelCommandsTest {

    private static final String MEAN = "0.5,0.4,0.3,0.2";
    private static final String STD = "0.25,0.2,0.3,0.1";
    private static final int IMAGES = 3;
    private static final int SIDE = 32;

    private static Path weights;

    @BeforeAll
    static void startEngine() throws URISyntaxException {
        DjlRuntime.initialise();
        weights = Path.of(MultiChannelCommandsTest.class.getResource("/weights/vit-backbone.pth").toURI());
    }

    /** Float images (4, 32, 32) in [0, 1], as .npy files; returns their pixels. */
    private static List<float[]> writeImages(Path folder) throws IOException {
        Random random = new Random(4);
        List<float[]> images = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int i = 0; i < IMAGES; i++) {
                float[] pixels = new float[4 * SIDE * SIDE];
                for (int p = 0; p < pixels.length; p++) {
                    pixels[p] = random.nextFloat();
                }
                NpyFiles.write(java.nio.file.Files.createDirectories(folder).resolve("image-" + i + ".npy"), pixels,
                        new Shape(4, SIDE, SIDE), manager);
                images.add(pixels);
            }
        }
        return images;
    }

    private record Run(int exitCode, String err) {}

    private static Run dino(String... args) {
        StringWriter err = new StringWriter();
        ErrorReporter reporter = new ErrorReporter(Map.of());
        CommandLine command = new CommandLine(new DinoCommand()).setExecutionExceptionHandler(reporter)
                .setParameterExceptionHandler(reporter).setErr(new PrintWriter(err, true));
        int code = command.execute(args);
        return new Run(code, err.toString());
    }

    @Test
    void embedOnFourChannelImagesGivesTheAdaptedModelsFeaturesOfTheNormalisedImages(@TempDir Path dir) throws IOException {
        List<float[]> images = writeImages(dir.resolve("images"));
        Path output = dir.resolve("features.npy");

        Run run = dino("embed", "--weights", weights.toString(), "--heads", "2", "--in-chans", "4", "--adapt-channels", "--mean", MEAN, "--std", STD,
                "--data", dir.resolve("images").toString(), "--output", output.toString(), "--device", "cpu");

        assertThat(run.exitCode()).as(run.err()).isZero();
        NpyFiles.NpyArray features = NpyFiles.read(output);
        assertThat(features.shape()).containsExactly(IMAGES, 16);
        float[] mean = {0.5f, 0.4f, 0.3f, 0.2f};
        float[] std = {0.25f, 0.2f, 0.3f, 0.1f};
        PluginRegistry registry = PluginRegistry.load(List.of(PluginSource.classPath(getClass().getClassLoader())), false);
        BackboneFactory factory = registry.require(ComponentKind.BACKBONE, "vit", BackboneFactory.class);
        ComponentConfig config = new ComponentConfig("dino.backbone", factory.configKeys(), Map.of("embed-dim", "16", "depth", "2",
                "heads", "2", "patch-size", "8", "image-size", "32", "in-chans", "4"));
        try (TrainedBackbone model = TrainedBackbone.fromWeights(WeightsFile.read(weights, Optional.empty()), factory, config,
                ChannelAdaptation.forWeights(true), Device.cpu()); NDManager scope = model.manager().newSubManager()) {
            for (int i = 0; i < IMAGES; i++) {
                float[] normalised = images.get(i).clone();
                for (int p = 0; p < normalised.length; p++) {
                    int c = p / (SIDE * SIDE);
                    normalised[p] = (normalised[p] - mean[c]) / std[c];
                }
                float[] expected = model.features(scope.create(normalised, new Shape(1, 4, SIDE, SIDE))).toFloatArray();
                float[] actual = java.util.Arrays.copyOfRange(features.values(), i * 16, (i + 1) * 16);
                assertThat(actual).as("image %d", i).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }

    @Test
    void anRgbFileOnFourChannelsIsRefusedWithoutAdaptationAndAFourChannelModelWithoutItsNormalisation(@TempDir Path dir)
            throws IOException {
        writeImages(dir.resolve("images"));
        String[] common = {"--weights", weights.toString(), "--heads", "2", "--in-chans", "4", "--data", dir.resolve("images").toString(),
            "--output", dir.resolve("f.npy").toString(), "--device", "cpu"};

        Run refused = dino(concat(new String[] {"embed", "--mean", MEAN, "--std", STD}, common));
        Run unnormalised = dino(concat(new String[] {"embed", "--adapt-channels"}, common));

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).startsWith("error: --in-chans: the model has 4 input channels but vit-backbone.pth has 3; give"
                + " --adapt-channels to adapt its RGB patch embedding (timm's adapt_input_conv rule)").doesNotContain("\tat ");
        assertThat(unnormalised.exitCode()).isEqualTo(2);
        assertThat(unnormalised.err()).startsWith("error: --mean: the 4-channel model of vit-backbone.pth needs the per-channel"
                + " normalisation it was trained with: give --mean and --std");
        assertThat(dir.resolve("f.npy")).doesNotExist();
    }

    @Test
    void theAttentionFigureOfAFourChannelImageShowsTheChosenChannels(@TempDir Path dir) throws IOException {
        writeImages(dir.resolve("images"));
        Path png = dir.resolve("attention.png");

        Run run = dino("attention", "--weights", weights.toString(), "--heads", "2", "--in-chans", "4", "--adapt-channels", "--mean", MEAN,
                "--std", STD, "--image", dir.resolve("images/image-0.npy").toString(), "--channels", "3", "--output", png.toString(),
                "--device", "cpu");
        Run badChannel = dino("attention", "--weights", weights.toString(), "--heads", "2", "--in-chans", "4", "--adapt-channels", "--mean", MEAN,
                "--std", STD, "--image", dir.resolve("images/image-0.npy").toString(), "--channels", "4", "--output",
                dir.resolve("no.png").toString(), "--device", "cpu");

        assertThat(run.exitCode()).as(run.err()).isZero();
        BufferedImage figure = ImageIO.read(png.toFile());
        int panel = SIDE * 5; // scaled to at least 160 px
        assertThat(figure.getWidth()).isEqualTo(3 * panel + 4 * 4);
        assertThat(figure.getHeight()).isEqualTo(panel + 2 * 4);
        int rgb = figure.getRGB(4 + 2, 4 + 2);
        assertThat(rgb >> 16 & 0xff).as("grey: red = green = blue").isEqualTo(rgb >> 8 & 0xff).isEqualTo(rgb & 0xff);
        assertThat(badChannel.exitCode()).isEqualTo(2);
        assertThat(badChannel.err()).startsWith("error: --channels: channel 4 is not among the images' 4 channels (0 to 3)");
    }

    @Test
    void embedAndPcaOnSixteenBitFourBandTiffsAndArraysOfTheSamePixelsGiveTheSameFeatures(@TempDir Path dir) throws Exception {
        Path folder = java.nio.file.Files.createDirectories(dir.resolve("tiffs"));
        for (String name : new String[] {"bands-planar.tif", "bands-contig.tif", "chw-uint16.npy"}) {
            java.nio.file.Files.copy(Path.of(getClass().getResource("/pixels/" + name).toURI()), folder.resolve(name));
        }
        Path output = dir.resolve("features.npy");

        Run embed = dino("embed", "--weights", weights.toString(), "--heads", "2", "--in-chans", "4", "--adapt-channels", "--mean",
                MEAN, "--std", STD, "--data", folder.toString(), "--output", output.toString(), "--device", "cpu");
        Run pca = dino("pca", "--weights", weights.toString(), "--heads", "2", "--in-chans", "4", "--adapt-channels", "--mean",
                MEAN, "--std", STD, "--images", folder.toString(), "--channels", "3,2,1", "--output", dir.resolve("pca").toString(),
                "--device", "cpu");

        assertThat(embed.exitCode()).as(embed.err()).isZero();
        NpyFiles.NpyArray features = NpyFiles.read(output);
        assertThat(features.shape()).containsExactly(3, 16);
        float[] first = java.util.Arrays.copyOfRange(features.values(), 0, 16);
        for (float v : first) {
            assertThat(Float.isFinite(v)).as("a finite feature").isTrue();
        }
        for (int i = 1; i < 3; i++) {
            assertThat(java.util.Arrays.copyOfRange(features.values(), i * 16, (i + 1) * 16)).as("file %d", i)
                    .containsExactly(first, org.assertj.core.data.Offset.offset(1e-5f));
        }
        assertThat(pca.exitCode()).as(pca.err()).isZero();
        BufferedImage grid = ImageIO.read(dir.resolve("pca/pca-grid.png").toFile());
        int step = SIDE * 5 + 4;
        assertThat(grid.getWidth()).isEqualTo(6 * step - 4);
        assertThat(grid.getHeight()).isEqualTo(step - 4);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
