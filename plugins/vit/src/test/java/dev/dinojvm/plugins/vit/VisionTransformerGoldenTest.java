package dev.dinojvm.plugins.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The block's forward against {@link ReferenceVit}, on the built size and on resampled sizes. */
class VisionTransformerGoldenTest {

    private static final double TOLERANCE = 1e-4;

    @Test
    void builtSizeUsesThePositionalEmbeddingAsIs() {
        compareWithReference(TinyVits.tiny(), 8, 8);
    }

    @Test
    void largerInputUpsamplesThePositionalEmbedding() {
        compareWithReference(TinyVits.tiny(), 12, 12);
    }

    @Test
    void nonSquareInputResamplesRowsAndColumnsSeparately() {
        compareWithReference(TinyVits.tiny(), 8, 12);
    }

    @Test
    void smallerInputDownsamplesThePositionalEmbedding() {
        // a 4x4 grid (image 16) seen through 8x8 crops, like 224 vs 96 in DINO
        compareWithReference(new VitArchitecture(8, 2, 2, 4, 16, 4.0, 0.0), 8, 8);
    }

    /** With DINO's small initial weights the token variance is low enough for LayerNorm's eps to show. */
    @Test
    void smallActivationsMatchIncludingLayerNormEpsilon() {
        compareWithReference(TinyVits.tiny(), 12, 12, 0.02, 0.02);
    }

    @Test
    void lastSelfAttentionMatchesTheReference() {
        VitArchitecture architecture = TinyVits.tiny();
        int batch = 2;
        int size = 12;
        try (NDManager manager = NDManager.newBaseManager()) {
            VisionTransformer block = new VisionTransformer(architecture);
            Map<String, float[]> values = TinyVits.initializeSeeded(block, manager, 7);
            float[] pixels = TinyVits.randomPixels(new Random(8), batch, size, size);
            NDArray attention = block.lastSelfAttention(new ParameterStore(manager, false),
                    TinyVits.images(manager, pixels, batch, size, size));
            int tokens = 1 + 9;
            assertEquals(new Shape(batch, architecture.heads(), tokens, tokens), attention.getShape());
            float[] actual = attention.toFloatArray();
            ReferenceVit reference = reference(values, architecture);
            for (int b = 0; b < batch; b++) {
                double[][][] expected = reference.lastSelfAttention(TinyVits.image(pixels, b, size, size));
                for (int h = 0; h < architecture.heads(); h++) {
                    for (int i = 0; i < tokens; i++) {
                        for (int j = 0; j < tokens; j++) {
                            int index = ((b * architecture.heads() + h) * tokens + i) * tokens + j;
                            assertEquals(expected[h][i][j], actual[index], TOLERANCE, "attention " + b + "," + h + "," + i + "," + j);
                        }
                    }
                }
            }
        }
    }

    @Test
    void forwardLeavesNoArraysBehind() {
        VitArchitecture architecture = new VitArchitecture(8, 2, 2, 4, 8, 4.0, 0.3);
        try (NDManager parameters = NDManager.newBaseManager(); NDManager batchManager = NDManager.newBaseManager()) {
            VisionTransformer block = new VisionTransformer(architecture);
            TinyVits.initializeSeeded(block, parameters, 1);
            ParameterStore store = new ParameterStore(parameters, false);
            int parameterArrays = parameters.getManagedArrays().size();
            NDArray local = TinyVits.images(batchManager, TinyVits.randomPixels(new Random(2), 3, 12, 12), 3, 12, 12);
            NDArray global = TinyVits.images(batchManager, TinyVits.randomPixels(new Random(3), 3, 8, 8), 3, 8, 8);
            for (NDArray images : new NDArray[] {local, global}) {
                block.forward(store, new NDList(images), true);
                block.forward(store, new NDList(images), false);
                block.lastSelfAttention(store, images);
            }
            assertEquals(parameterArrays, parameters.getManagedArrays().size(), "arrays left in the parameters' manager");
            assertEquals(8, batchManager.getManagedArrays().size(), "per batch: the images, two features, one attention map");
        }
    }

    private static void compareWithReference(VitArchitecture architecture, int height, int width) {
        compareWithReference(architecture, height, width, 0.4, 1);
    }

    private static void compareWithReference(VitArchitecture architecture, int height, int width, double weightScale, double pixelScale) {
        int batch = 3;
        try (NDManager manager = NDManager.newBaseManager()) {
            VisionTransformer block = new VisionTransformer(architecture);
            Map<String, float[]> values = TinyVits.initializeSeeded(block, manager, 42, weightScale);
            float[] pixels = TinyVits.randomPixels(new Random(43), batch, height, width);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] *= (float) pixelScale;
            }
            NDArray features = block.forward(new ParameterStore(manager, false),
                            new NDList(TinyVits.images(manager, pixels, batch, height, width)), false)
                    .singletonOrThrow();
            int dim = architecture.embedDim();
            assertEquals(new Shape(batch, dim), features.getShape());
            float[] actual = features.toFloatArray();
            ReferenceVit reference = reference(values, architecture);
            for (int b = 0; b < batch; b++) {
                double[] expected = reference.features(TinyVits.image(pixels, b, height, width));
                for (int d = 0; d < dim; d++) {
                    assertEquals(expected[d], actual[b * dim + d], TOLERANCE, "feature " + d + " of image " + b);
                }
            }
        }
    }

    private static ReferenceVit reference(Map<String, float[]> values, VitArchitecture a) {
        return new ReferenceVit(values, a.embedDim(), a.depth(), a.heads(), a.patchSize(), a.imageSize(), a.mlpHiddenDim());
    }
}
