package dev.dinojvm.plugins.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.ParameterList;
import dev.dinojvm.api.Head;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Initial values as in the reference: trunc_normal(0.02, ±2) weights, zero biases, PyTorch's default last layer. */
class DinoHeadInitTest {

    @Test
    void mlpWeightsAreNormalWithStd002AndNoTwoSigmaCut() {
        Engine.getInstance().setRandomSeed(1234);
        try (NDManager manager = NDManager.newBaseManager()) {
            Head head = HeadFixture.initialised(manager,
                    Map.of("out-dim", "2048", "hidden-dim", "512", "bottleneck-dim", "256"), 128);
            ParameterList parameters = head.block().getParameters();

            for (String prefix : HeadFixture.linearPrefixes(3, false)) {
                float[] w = parameters.get(prefix + ".weight").getArray().toFloatArray();
                Stats stats = Stats.of(w);
                assertEquals(0, stats.mean, 4e-4, prefix);
                assertEquals(0.02, stats.std, 0.02 * 0.03, prefix);
                // N(0, σ²) has 4.55% beyond 2σ; DJL's TruncatedNormalInitializer would have none
                assertEquals(0.0455, stats.fractionBeyond(0.04), 0.006, prefix);
                assertTrue(stats.maxAbs < 0.2, prefix);
                assertEquals(0, Stats.of(parameters.get(prefix + ".bias").getArray().toFloatArray()).maxAbs, prefix);
            }
        }
    }

    @Test
    void lastLayerHasUnitGainAndPyTorchDefaultDirection() {
        Engine.getInstance().setRandomSeed(99);
        try (NDManager manager = NDManager.newBaseManager()) {
            Head head = HeadFixture.initialised(manager,
                    Map.of("out-dim", "2048", "hidden-dim", "32", "bottleneck-dim", "256"), 16);
            ParameterList parameters = head.block().getParameters();

            Stats gain = Stats.of(parameters.get("last_layer.weight_g").getArray().toFloatArray());
            assertEquals(1, gain.min);
            assertEquals(1, gain.max);
            double bound = 1 / Math.sqrt(256); // kaiming_uniform(a=√5) of nn.Linear: 1/√fan_in
            Stats v = Stats.of(parameters.get("last_layer.weight_v").getArray().toFloatArray());
            assertTrue(v.min >= -bound && v.max <= bound, v.min + " " + v.max);
            assertTrue(v.min < -0.99 * bound && v.max > 0.99 * bound, v.min + " " + v.max);
            assertEquals(bound / Math.sqrt(3), v.std, bound / Math.sqrt(3) * 0.02);
            assertEquals(0, v.mean, 5e-4);
        }
    }

    @Test
    void batchNormStartsAsIdentityWithUnitRunningVariance() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Head head = HeadFixture.initialised(manager,
                    Map.of("out-dim", "16", "hidden-dim", "32", "bottleneck-dim", "8", "use-bn", "true"), 16);
            ParameterList parameters = head.block().getParameters();

            for (String bn : new String[] {"mlp.1", "mlp.4"}) {
                assertConstant(1, parameters.get(bn + ".weight").getArray().toFloatArray());
                assertConstant(0, parameters.get(bn + ".bias").getArray().toFloatArray());
                assertConstant(0, parameters.get(bn + ".running_mean").getArray().toFloatArray());
                assertConstant(1, parameters.get(bn + ".running_var").getArray().toFloatArray());
            }
        }
    }

    private static void assertConstant(float expected, float[] values) {
        assertEquals(32, values.length);
        for (float value : values) {
            assertEquals(expected, value);
        }
    }

    private record Stats(double mean, double std, double min, double max, double maxAbs, float[] values) {

        static Stats of(float[] values) {
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (float v : values) {
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double mean = sum / values.length;
            double squares = 0;
            for (float v : values) {
                squares += (v - mean) * (v - mean);
            }
            return new Stats(mean, Math.sqrt(squares / values.length), min, max, Math.max(-min, max), values);
        }

        double fractionBeyond(double threshold) {
            long count = 0;
            for (float v : values) {
                if (Math.abs(v) > threshold) {
                    count++;
                }
            }
            return (double) count / values.length;
        }
    }
}
