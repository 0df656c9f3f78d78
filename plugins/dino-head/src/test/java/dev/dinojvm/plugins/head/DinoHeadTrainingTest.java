package dev.dinojvm.plugins.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.ParameterList;
import ai.djl.training.GradientCollector;
import dev.dinojvm.api.Head;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which parameters receive gradients, and the gradient of the weight-norm gain against the reference. */
class DinoHeadTrainingTest {

    private static final int BATCH = 4;
    private static final int IN = 6;
    private static final int OUT = 7;

    @Test
    void gainGetsNoGradientWithNormLastLayer() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Head head = HeadFixture.initialised(manager, smallHead(true), IN);
            Random random = new Random(3);
            HeadFixture.seed(head, 3, false, random);

            backward(head, manager, HeadFixture.randomInput(BATCH, IN, random), weights(random));

            ParameterList parameters = head.block().getParameters();
            assertFalse(parameters.get("last_layer.weight_g").getArray().hasGradient());
            assertTrue(absSum(parameters.get("last_layer.weight_v").getArray().getGradient()) > 0);
            assertTrue(absSum(parameters.get("mlp.0.weight").getArray().getGradient()) > 0);
            assertTrue(absSum(parameters.get("mlp.4.bias").getArray().getGradient()) > 0);
        }
    }

    /** d(Σ r·out)/dg_k = Σ_b r_bk (v_k · u_b) / ‖v_k‖, with u_b the normalised bottleneck. */
    @Test
    void gainGetsTheReferenceGradientWithoutNormLastLayer() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Head head = HeadFixture.initialised(manager, smallHead(false), IN);
            Random random = new Random(4);
            ReferenceDinoHead reference = HeadFixture.seed(head, 3, false, random);
            double[][] x = HeadFixture.randomInput(BATCH, IN, random);
            double[][] r = weights(random);

            backward(head, manager, x, r);

            double[][] unit = ReferenceDinoHead.normalize(reference.bottleneck(x, true));
            double[] expected = new double[OUT];
            for (int k = 0; k < OUT; k++) {
                double[] v = reference.weightV[k];
                double norm = Math.sqrt(ReferenceDinoHead.dot(v, v));
                for (int b = 0; b < BATCH; b++) {
                    expected[k] += r[b][k] * ReferenceDinoHead.dot(v, unit[b]) / norm;
                }
            }
            NDArray gradient = head.block().getParameters().get("last_layer.weight_g").getArray().getGradient();
            assertEquals(OUT, gradient.size());
            assertTrue(HeadFixture.maxAbsDifference(gradient.reshape(1, OUT), expected) < 1e-5);
        }
    }

    private static void backward(Head head, NDManager manager, double[][] x, double[][] r) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray output = HeadFixture.forward(head, manager, HeadFixture.toArray(manager, x), true);
            collector.backward(output.mul(HeadFixture.toArray(manager, r)).sum());
        }
    }

    private static double[][] weights(Random random) {
        double[][] r = new double[BATCH][OUT];
        for (double[] row : r) {
            for (int k = 0; k < OUT; k++) {
                row[k] = (float) (random.nextDouble() * 2 - 1);
            }
        }
        return r;
    }

    private static double absSum(NDArray array) {
        return array.abs().sum().getFloat();
    }

    private static Map<String, String> smallHead(boolean normLastLayer) {
        return Map.of("out-dim", Integer.toString(OUT), "hidden-dim", "8", "bottleneck-dim", "5",
                "norm-last-layer", Boolean.toString(normLastLayer));
    }
}
