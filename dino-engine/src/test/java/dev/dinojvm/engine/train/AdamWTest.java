package dev.dinojvm.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamWTest {

    /** torch.optim.AdamW, written out: decoupled decay, then bias-corrected Adam. */
    private static double[] referenceSteps(double[] p, double[][] grads, double lr, double wd) {
        double[] w = p.clone();
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        for (int t = 1; t <= grads.length; t++) {
            for (int i = 0; i < w.length; i++) {
                double g = grads[t - 1][i];
                w[i] *= 1 - lr * wd;
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                double mHat = m[i] / (1 - Math.pow(0.9, t));
                double vHat = v[i] / (1 - Math.pow(0.999, t));
                w[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
            }
        }
        return w;
    }

    @Test
    void matchesTorchAdamWOverSeveralSteps() {
        double[] start = {0.5, -1.0, 2.0, 0.1};
        double[][] grads = {{0.3, -0.2, 1.5, 0.0}, {-0.1, -0.4, 0.9, 0.2}, {0.2, 0.1, -0.5, 0.3}};
        try (NDManager manager = NDManager.newBaseManager(); AdamW adam = new AdamW(manager)) {
            NamedParameter weight = NamedParameter.of("backbone.blocks.0.attn.qkv.weight",
                    ParameterFixtures.parameter(manager, "w", DinoLossTest.toFloat(start), new Shape(2, 2)), false);
            assertTrue(weight.decayed());
            for (double[] g : grads) {
                ParameterFixtures.setGradients(List.of(weight), List.of(DinoLossTest.toFloat(g)));
                adam.step(List.of(weight), ParameterFixtures.gradients(List.of(weight)), 0.01, 0.04, x -> false);
            }
            float[] actual = weight.parameter().getArray().toFloatArray();
            assertArrayEquals(DinoLossTest.toFloat(referenceSteps(start, grads, 0.01, 0.04)), actual, 1e-5f);
        }
    }

    @Test
    void biasesAndNormWeightsGetNoWeightDecay() {
        try (NDManager manager = NDManager.newBaseManager(); AdamW adam = new AdamW(manager)) {
            NamedParameter matrix = NamedParameter.of("head.mlp.0.weight",
                    ParameterFixtures.parameter(manager, "a", new float[] {1, 1, 1, 1}, new Shape(2, 2)), false);
            NamedParameter bias = NamedParameter.of("head.mlp.0.bias",
                    ParameterFixtures.parameter(manager, "b", new float[] {1, 1}, new Shape(2)), false);
            NamedParameter norm = NamedParameter.of("backbone.norm.weight",
                    ParameterFixtures.parameter(manager, "c", new float[] {1, 1}, new Shape(2)), false);
            assertFalse(bias.decayed());
            assertFalse(norm.decayed());
            List<NamedParameter> all = List.of(matrix, bias, norm);
            // Zero gradients: Adam moves nothing, so only decoupled weight decay changes a weight.
            ParameterFixtures.setGradients(all, List.of(new float[4], new float[2], new float[2]));
            adam.step(all, ParameterFixtures.gradients(all), 0.1, 0.5, x -> false);
            assertArrayEquals(new float[] {0.95f, 0.95f, 0.95f, 0.95f}, matrix.parameter().getArray().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {1, 1}, bias.parameter().getArray().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {1, 1}, norm.parameter().getArray().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void frozenLastLayerIsSkippedAndStartsFreshWhenUnfrozen() {
        double[] start = {1.0, 2.0};
        double[] g = {0.5, -0.5};
        try (NDManager manager = NDManager.newBaseManager(); AdamW adam = new AdamW(manager)) {
            NamedParameter last = NamedParameter.of("head.last_layer.weight_v",
                    ParameterFixtures.parameter(manager, "v", DinoLossTest.toFloat(start), new Shape(1, 2)), true);
            ParameterFixtures.setGradients(List.of(last), List.of(DinoLossTest.toFloat(g)));
            adam.step(List.of(last), ParameterFixtures.gradients(List.of(last)), 0.1, 0.04, NamedParameter::lastLayer);
            assertArrayEquals(DinoLossTest.toFloat(start), last.parameter().getArray().toFloatArray(), 0f);
            assertArrayEquals(DinoLossTest.toFloat(g), ParameterFixtures.gradient(last), 0f, "gradients are the caller's to clear");
            assertTrue(adam.state().isEmpty(), "no moments for a parameter that never stepped");

            ParameterFixtures.setGradients(List.of(last), List.of(DinoLossTest.toFloat(g)));
            adam.step(List.of(last), ParameterFixtures.gradients(List.of(last)), 0.1, 0.04, x -> false);
            double[] expected = referenceSteps(start, new double[][] {g}, 0.1, 0.04);
            assertArrayEquals(DinoLossTest.toFloat(expected), last.parameter().getArray().toFloatArray(), 1e-5f);
            assertEquals(1, adam.state().get("head.last_layer.weight_v").steps);
        }
    }
}
