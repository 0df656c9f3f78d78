package dev.dinojvm.plugins.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Test fixtures: small transformers with seeded parameter values, and random images. */
final class TinyVits {

    private TinyVits() {}

    /** embed 8, depth 2, heads 2, patch 4, image 8, MLP ratio 4, no drop path. */
    static VitArchitecture tiny() {
        return new VitArchitecture(8, 2, 2, 4, 8, 4.0, 0.0);
    }

    /**
     * Initialises {@code block} in {@code manager} with seeded values of a scale that keeps every
     * layer in its interesting range (LayerNorm weights around 1).
     *
     * @return the values by parameter name, flattened row-major
     */
    static Map<String, float[]> initializeSeeded(VisionTransformer block, NDManager manager, long seed) {
        return initializeSeeded(block, manager, seed, 0.4);
    }

    /**
     * As {@link #initializeSeeded(VisionTransformer, NDManager, long)} with weights and biases of
     * standard deviation {@code scale} (LayerNorm weights 1 ± 0.2).
     */
    static Map<String, float[]> initializeSeeded(VisionTransformer block, NDManager manager, long seed, double scale) {
        Random random = new Random(seed);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> entry : block.getParameters()) {
            Parameter parameter = entry.getValue();
            float[] v = new float[Math.toIntExact(parameter.getShape().size())];
            boolean normWeight = entry.getKey().matches(".*norm\\d?\\.weight");
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((normWeight ? 1 : 0) + (normWeight ? 0.2 : scale) * random.nextGaussian());
            }
            values.put(entry.getKey(), v);
            parameter.setInitializer((m, shape, type) -> m.create(v, shape));
        }
        int size = block.architecture().imageSize();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
        return values;
    }

    /** Uniform values in [-1, 1) as a float image batch (B, 3, H, W). */
    static float[] randomPixels(Random random, int batch, int height, int width) {
        float[] pixels = new float[batch * 3 * height * width];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (2 * random.nextDouble() - 1);
        }
        return pixels;
    }

    /** Image {@code b} of a (B, 3, H, W) batch as doubles [channel][row][column]. */
    static double[][][] image(float[] pixels, int b, int height, int width) {
        double[][][] image = new double[3][height][width];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    image[c][y][x] = pixels[((b * 3 + c) * height + y) * width + x];
                }
            }
        }
        return image;
    }

    /** A (B, 3, H, W) array of the pixels. */
    static NDArray images(NDManager manager, float[] pixels, int batch, int height, int width) {
        return manager.create(pixels, new Shape(batch, 3, height, width));
    }
}
