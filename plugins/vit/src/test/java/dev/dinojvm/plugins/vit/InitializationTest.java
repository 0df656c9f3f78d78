package dev.dinojvm.plugins.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dinojvm.api.TruncatedNormalInitializer;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

/** Initial values follow DINO's _init_weights and PyTorch's Conv2d default. */
class InitializationTest {

    @Test
    void parametersStartAsInTheReference() {
        VitArchitecture architecture = new VitArchitecture(192, 2, 3, 8, 32, 4.0, 0.1);
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            VisionTransformer block = new VisionTransformer(architecture);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            for (Pair<String, Parameter> entry : block.getParameters()) {
                String name = entry.getKey();
                float[] v = entry.getValue().getArray().toFloatArray();
                if (name.startsWith("patch_embed")) {
                    double bound = 1 / Math.sqrt(3 * 8 * 8);
                    assertTrue(maxAbs(v) <= bound, name + " exceeds the default Conv2d bound");
                    if (name.endsWith("weight")) {
                        assertEquals(bound / Math.sqrt(3), std(v), 0.1 * bound / Math.sqrt(3), name + " is not U(-b, b)");
                    }
                } else if (name.matches(".*norm\\d?\\.weight")) {
                    assertEquals(1, min(v), 0, name);
                    assertEquals(1, maxAbs(v), 0, name);
                } else if (name.endsWith("bias")) {
                    assertEquals(0, maxAbs(v), 0, name);
                } else {
                    // cls_token (192 values), pos_embed (3,264) and the linear weights (>= 36,864)
                    double tolerance = v.length < 1000 ? 0.004 : 0.001;
                    assertEquals(0.02, std(v), tolerance, name + " std");
                    assertEquals(0, mean(v), tolerance, name + " mean");
                    assertTrue(maxAbs(v) < 0.2, name + " has a 10-sigma value");
                }
            }
        }
    }

    @Test
    void truncatedNormalTruncatesAtAbsoluteBoundsInsteadOfClipping() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(2);
            float[] symmetric = new TruncatedNormalInitializer(1, -1, 1)
                    .initialize(manager, new Shape(200_000), DataType.FLOAT32).toFloatArray();
            // N(0,1) truncated to [-1, 1]: variance 1 - 2φ(1)/(2Φ(1) - 1) = 0.291124
            assertEquals(Math.sqrt(0.291124), std(symmetric), 0.003);
            assertTrue(maxAbs(symmetric) <= 1);
            float[] oneSided = new TruncatedNormalInitializer(1, 0, 2)
                    .initialize(manager, new Shape(200_000), DataType.FLOAT32).toFloatArray();
            // N(0,1) truncated to [0, 2]: mean (φ(0) - φ(2)) / (Φ(2) - Φ(0)) = 0.344951 / 0.477250
            assertEquals(0.344951 / 0.477250, mean(oneSided), 0.005);
            assertTrue(min(oneSided) >= 0 && maxAbs(oneSided) <= 2);
        }
    }

    private static double mean(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x;
        }
        return sum / v.length;
    }

    private static double std(float[] v) {
        double mean = mean(v);
        double sum = 0;
        for (float x : v) {
            sum += (x - mean) * (x - mean);
        }
        return Math.sqrt(sum / v.length);
    }

    private static double maxAbs(float[] v) {
        double max = 0;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }

    private static double min(float[] v) {
        double min = Double.POSITIVE_INFINITY;
        for (float x : v) {
            min = Math.min(min, x);
        }
        return min;
    }
}
