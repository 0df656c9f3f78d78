package dev.dinojvm.plugins.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Local crops train the positional embedding through its bicubic resampling. */
class PositionalEmbeddingGradientTest {

    @Test
    void gradientReachesEveryPositionThroughInterpolation() {
        VitArchitecture architecture = new VitArchitecture(8, 2, 2, 4, 16, 4.0, 0.0); // a 4x4 grid
        try (NDManager manager = NDManager.newBaseManager()) {
            VisionTransformer block = new VisionTransformer(architecture);
            TinyVits.initializeSeeded(block, manager, 3);
            Parameter posEmbed = block.getParameters().get("pos_embed");
            NDArray images = TinyVits.images(manager, TinyVits.randomPixels(new Random(4), 2, 8, 8), 2, 8, 8); // 2x2 local grid
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray features = block.forward(new ParameterStore(manager, false), new NDList(images), true).singletonOrThrow();
                collector.backward(features.mul(features).sum());
            }
            float[] gradient = posEmbed.getArray().getGradient().toFloatArray();
            int dim = architecture.embedDim();
            assertEquals((1 + 16) * dim, gradient.length);
            for (int position = 0; position < 17; position++) {
                double norm = 0;
                for (int d = 0; d < dim; d++) {
                    norm += gradient[position * dim + d] * gradient[position * dim + d];
                }
                // downsampling 4 -> 2 with cubic taps over floor(src)-1..+2 touches all 4 rows and columns
                assertTrue(norm > 1e-12, "no gradient at position " + position);
            }
        }
    }
}
