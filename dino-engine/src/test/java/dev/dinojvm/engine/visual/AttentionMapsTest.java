package dev.dinojvm.engine.visual;

import dev.dinojvm.engine.eval.EvalTransform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.dinojvm.api.AttentionMaps;
import dev.dinojvm.api.Backbone;
import dev.dinojvm.api.BackboneFactory;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ImageArray;
import dev.dinojvm.api.ModelRole;
import dev.dinojvm.engine.eval.TrainedBackbone;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.plugin.PluginSource;
import dev.dinojvm.engine.runtime.DjlRuntime;
import dev.dinojvm.engine.train.SafetensorsFiles;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attention maps of the standard ViT plugin, found through the {@link AttentionMaps} SPI capability. */
class AttentionMapsTest {

    private static final int HEADS = 4;
    private static final int SIZE = 16;
    private static final int PATCH = 4;

    @TempDir
    static Path dir;

    private static PluginRegistry registry;
    private static TrainedBackbone model;

    /** A 1-block ViT with random weights large enough for the heads to attend differently. */
    @BeforeAll
    static void loadRandomVit() throws Exception {
        DjlRuntime.initialise();
        registry = PluginRegistry.load(List.of(PluginSource.classPath(AttentionMapsTest.class.getClassLoader())), false);
        BackboneFactory factory = registry.require(ComponentKind.BACKBONE, "vit", BackboneFactory.class);
        ComponentConfig config = new ComponentConfig("dino.backbone", factory.configKeys(), Map.of("arch", "vit_tiny",
                "embed-dim", "32", "depth", "1", "heads", String.valueOf(HEADS), "patch-size", String.valueOf(PATCH),
                "image-size", String.valueOf(SIZE)));
        Backbone backbone = factory.create(config, ModelRole.EVALUATION);
        Path weights = dir.resolve("random.safetensors");
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            backbone.block().initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
            Random random = new Random(7);
            Map<String, NDArray> values = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : backbone.block().getParameters()) {
                Shape shape = p.getValue().getArray().getShape();
                float[] data = new float[(int) shape.size()];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (float) (random.nextGaussian() * 0.5);
                }
                values.put(p.getKey(), manager.create(data, shape));
            }
            SafetensorsFiles.write(weights, values);
        }
        model = TrainedBackbone.fromWeights(weights, factory, config, Device.cpu());
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void theVitOffersAttentionThroughTheSpiAndTheMapsAreTheClsRowWithoutItsOwnColumn() {
        assertThat(model.backbone()).isInstanceOf(AttentionMaps.class);
        ImageArray image = gradientImage(3, 20, 24);

        CropAttention attention = new AttentionExtractor(model, ChannelDisplay.DEFAULT).compute(image);

        assertThat(attention.heads()).hasNumberOfRows(HEADS);
        assertThat(attention.grid()).isEqualTo(SIZE / PATCH);
        // Independently: run the capability on the same normalised crop and slice [0, h, 0, 1:] by hand.
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray batch = scope.create(new EvalTransform(SIZE).apply(image, scope), new Shape(1, 3, SIZE, SIZE));
            NDArray all = ((AttentionMaps) model.backbone()).lastSelfAttention(model.parameterStore(), batch);
            assertThat(all.getShape()).isEqualTo(new Shape(1, HEADS, 17, 17));
            float[] flat = all.toFloatArray();
            for (int h = 0; h < HEADS; h++) {
                double rowSum = flat[h * 17 * 17]; // the CLS token's attention to itself
                for (int p = 0; p < 16; p++) {
                    float expected = flat[h * 17 * 17 + 1 + p];
                    assertThat(attention.heads()[h][p]).isEqualTo(expected);
                    rowSum += expected;
                }
                assertThat(rowSum).isCloseTo(1.0, within(1e-5));
            }
        }
    }

    @Test
    void theFigureHasTheCropAndOnePanelPerHeadAndTheHeadsLookDifferent() {
        CropAttention attention = new AttentionExtractor(model, ChannelDisplay.DEFAULT).compute(gradientImage(1, 28, 28));

        BufferedImage figure = AttentionFigure.render(attention, null);
        BufferedImage withMasks = AttentionFigure.render(attention, 0.6);

        int panel = SIZE * AttentionFigure.scale(SIZE);
        assertThat(panel).isGreaterThanOrEqualTo(AttentionFigure.MIN_PANEL);
        int gap = AttentionFigure.GAP;
        assertThat(figure.getWidth()).isEqualTo((1 + HEADS) * panel + (2 + HEADS) * gap);
        assertThat(figure.getHeight()).isEqualTo(panel + 2 * gap);
        assertThat(withMasks.getWidth()).isEqualTo(figure.getWidth());
        assertThat(withMasks.getHeight()).isEqualTo(2 * panel + 3 * gap);
        double[][] stats = new double[HEADS][];
        for (int h = 0; h < HEADS; h++) {
            stats[h] = meanAndDeviation(figure, gap + (1 + h) * (panel + gap), gap, panel);
        }
        for (int a = 0; a < HEADS; a++) {
            for (int b = a + 1; b < HEADS; b++) {
                assertThat(Math.abs(stats[a][0] - stats[b][0]) + Math.abs(stats[a][1] - stats[b][1]))
                        .as("pixel statistics of heads %d and %d", a, b).isGreaterThan(0.5);
            }
        }
    }

    @Test
    void aBackboneWithoutTheCapabilityGetsAClearError() {
        Backbone plain = new Backbone() {
            final Block block = new LambdaBlock(x -> new NDList(x.singletonOrThrow().mean(new int[] {2, 3})));

            public Block block() {
                return block;
            }

            public int outputDim() {
                return 3;
            }

            public int imageSize() {
                return 8;
            }
        };

        assertThatThrownBy(() -> AttentionExtractor.capability(plain, "fixture run"))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("fixture run")
                .hasMessageContaining("does not offer attention maps")
                .hasMessageContaining("dev.dinojvm.api.AttentionMaps");
    }

    private static ImageArray gradientImage(int channels, int height, int width) {
        float[] pixels = new float[channels * height * width];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    pixels[(c * height + y) * width + x] = (float) ((x + 2 * y + 5 * c) % 17) / 16f;
                }
            }
        }
        return new ImageArray(channels, height, width, pixels);
    }

    private static double[] meanAndDeviation(BufferedImage image, int left, int top, int side) {
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (int y = top; y < top + side; y++) {
            for (int x = left; x < left + side; x++) {
                int rgb = image.getRGB(x, y);
                double level = ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3.0;
                sum += level;
                squares += level * level;
                n++;
            }
        }
        double mean = sum / n;
        return new double[] {mean, Math.sqrt(squares / n - mean * mean)};
    }
}
