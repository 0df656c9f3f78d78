package dev.dinojvm.plugins.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.ParameterList;
import dev.dinojvm.api.Head;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Forward passes against the plain-Java reference in {@link ReferenceDinoHead}. */
class DinoHeadForwardTest {

    private static final int BATCH = 5;
    private static final int IN = 6;
    private static final double TOLERANCE = 1e-5;

    @ParameterizedTest(name = "layers={0} use-bn={1}")
    @CsvSource({"3,false", "1,false", "2,false", "3,true", "2,true"})
    void trainingForwardMatchesReference(int layers, boolean useBn) {
        Random random = new Random(layers * 10L + (useBn ? 1 : 0));
        try (NDManager manager = NDManager.newBaseManager()) {
            Head head = HeadFixture.initialised(manager, smallHead(layers, useBn), IN);
            ReferenceDinoHead reference = HeadFixture.seed(head, layers, useBn, random);
            double[][] x = HeadFixture.randomInput(BATCH, IN, random);

            NDArray output = HeadFixture.forward(head, manager, HeadFixture.toArray(manager, x), true);
            double[][] expected = reference.forward(x, true);

            assertEquals(new Shape(BATCH, 7), output.getShape());
            assertTrue(HeadFixture.maxAbsDifference(output, expected) < TOLERANCE,
                    "max difference " + HeadFixture.maxAbsDifference(output, expected));
        }
    }

    /** The comparison above tells the exact (erf) GELU of nn.GELU from its tanh approximation. */
    @Test
    void referenceComparisonDetectsTheTanhApproximationOfGelu() {
        Random random = new Random(30);
        try (NDManager manager = NDManager.newBaseManager()) {
            Head head = HeadFixture.initialised(manager, smallHead(3, false), IN);
            ReferenceDinoHead reference = HeadFixture.seed(head, 3, false, random);
            double[][] x = HeadFixture.randomInput(BATCH, IN, random);

            NDArray output = HeadFixture.forward(head, manager, HeadFixture.toArray(manager, x), true);
            reference.tanhGelu = true;

            assertTrue(HeadFixture.maxAbsDifference(output, reference.forward(x, true)) > 10 * TOLERANCE);
        }
    }

    /** Training mode normalises with batch statistics and updates the running ones as PyTorch does. */
    @Test
    void batchNormUpdatesRunningStatisticsAndEvaluationUsesThem() {
        Random random = new Random(7);
        try (NDManager manager = NDManager.newBaseManager()) {
            Head head = HeadFixture.initialised(manager, smallHead(3, true), IN);
            ReferenceDinoHead reference = HeadFixture.seed(head, 3, true, random);
            double[] initialMean = reference.norms.get(0).runningMean().clone();
            double[][] x = HeadFixture.randomInput(BATCH, IN, random);
            NDArray input = HeadFixture.toArray(manager, x);

            HeadFixture.forward(head, manager, input, true);
            reference.forward(x, true);
            ParameterList parameters = head.block().getParameters();
            for (int i = 0; i < 2; i++) {
                String bn = "mlp." + (i * 3 + 1);
                ReferenceDinoHead.Norm norm = reference.norms.get(i);
                assertTrue(HeadFixture.maxAbsDifference(parameters.get(bn + ".running_mean").getArray(), norm.runningMean()) < TOLERANCE);
                assertTrue(HeadFixture.maxAbsDifference(parameters.get(bn + ".running_var").getArray(), norm.runningVar()) < TOLERANCE);
            }
            assertTrue(HeadFixture.maxAbsDifference(new double[][] {initialMean}, new double[][] {reference.norms.get(0).runningMean()}) > 1e-3,
                    "the running mean must have moved for this check to mean anything");

            NDArray evaluation = HeadFixture.forward(head, manager, input, false);
            assertTrue(HeadFixture.maxAbsDifference(evaluation, reference.forward(x, false)) < TOLERANCE);
        }
    }

    /**
     * With the last layer set to the identity (g = 1, v = I), the output is the bottleneck after
     * F.normalize: every row has unit L2 norm, whatever the norm of the MLP output.
     */
    @Test
    void bottleneckIsUnitNormBeforeTheLastLayer() {
        Random random = new Random(11);
        try (NDManager manager = NDManager.newBaseManager()) {
            Head head = HeadFixture.initialised(manager,
                    Map.of("out-dim", "5", "hidden-dim", "8", "bottleneck-dim", "5", "layers", "2"), IN);
            ReferenceDinoHead reference = HeadFixture.seed(head, 2, false, random);
            ParameterList parameters = head.block().getParameters();
            parameters.get("last_layer.weight_g").getArray().set(new float[] {1, 1, 1, 1, 1});
            float[] identity = new float[25];
            for (int i = 0; i < 5; i++) {
                identity[i * 5 + i] = 1;
            }
            parameters.get("last_layer.weight_v").getArray().set(identity);
            double[][] x = HeadFixture.randomInput(BATCH, IN, random);

            float[] output = HeadFixture.forward(head, manager, HeadFixture.toArray(manager, x), true).toFloatArray();

            double[][] bottleneck = reference.bottleneck(x, true);
            for (int b = 0; b < BATCH; b++) {
                double norm = 0;
                for (int i = 0; i < 5; i++) {
                    norm += output[b * 5 + i] * output[b * 5 + i];
                }
                assertEquals(1, Math.sqrt(norm), TOLERANCE);
                double rawNorm = Math.sqrt(ReferenceDinoHead.dot(bottleneck[b], bottleneck[b]));
                assertTrue(Math.abs(rawNorm - 1) > 0.05, "the MLP output should not already be unit-norm: " + rawNorm);
            }
        }
    }

    /** Intermediates are closed: a forward leaves only its output behind, and nothing with the parameters. */
    @Test
    void forwardClosesItsIntermediates() {
        try (NDManager parameterManager = NDManager.newBaseManager()) {
            Head head = HeadFixture.initialised(parameterManager, smallHead(3, true), IN);
            int parameterArrays = parameterManager.getManagedArrays().size();
            try (NDManager batchManager = parameterManager.newSubManager()) {
                NDArray input = batchManager.randomUniform(-1, 1, new Shape(BATCH, IN));

                HeadFixture.forward(head, parameterManager, input, true);

                assertEquals(2, batchManager.getManagedArrays().size(), "input and output only");
            }
            assertEquals(parameterArrays, parameterManager.getManagedArrays().size());
        }
    }

    private static Map<String, String> smallHead(int layers, boolean useBn) {
        return Map.of("out-dim", "7", "hidden-dim", "8", "bottleneck-dim", "5",
                "layers", Integer.toString(layers), "use-bn", Boolean.toString(useBn));
    }
}
