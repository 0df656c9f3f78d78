package dev.dinojvm.engine.train;

import dev.dinojvm.plugins.objective.DinoLoss;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DinoLossTest {

    private static final int K = 7;
    private static final int BATCH = 3;

    private static double[][] random(Random random, int rows, double scale) {
        double[][] out = new double[rows][K];
        for (double[] row : out) {
            for (int k = 0; k < K; k++) {
                row[k] = random.nextGaussian() * scale;
            }
        }
        return out;
    }

    private static NDArray array(NDManager manager, double[][] rows) {
        float[] flat = new float[rows.length * K];
        for (int r = 0; r < rows.length; r++) {
            for (int k = 0; k < K; k++) {
                flat[r * K + k] = (float) rows[r][k];
            }
        }
        return manager.create(flat, new Shape(rows.length, K));
    }

    @Test
    void matchesTheReferenceLossWithLocalViewsAndACenter() {
        Random random = new Random(1);
        int views = 6;
        double[][] student = random(random, views * BATCH, 2);
        double[][] teacher = random(random, 2 * BATCH, 2);
        double[] center = random(random, 1, 0.5)[0];
        try (NDManager manager = NDManager.newBaseManager();
                DinoLoss loss = new DinoLoss(manager, K, 2, views, 0.1, 0.9)) {
            loss.setCenter(toFloat(center));
            float actual = loss.compute(array(manager, student), array(manager, teacher), 0.04).getFloat();
            double expected = ReferenceMath.dinoLoss(student, teacher, center, views, 2, 0.1, 0.04);
            assertEquals(expected, actual, 1e-4 * Math.abs(expected));
            assertEquals(2 * views - 2, loss.pairCount());
        }
    }

    @Test
    void pairsOnlyDifferentViewsAndUsesEachTemperatureOnItsOwnSide() {
        Random random = new Random(2);
        double[][] student = random(random, 4 * BATCH, 1);
        double[][] teacher = random(random, 2 * BATCH, 1);
        double[] zero = new double[K];
        try (NDManager manager = NDManager.newBaseManager();
                DinoLoss loss = new DinoLoss(manager, K, 2, 4, 0.1, 0.9)) {
            float actual = loss.compute(array(manager, student), array(manager, teacher), 0.04).getFloat();
            assertEquals(ReferenceMath.dinoLoss(student, teacher, zero, 4, 2, 0.1, 0.04), actual, 1e-4);
            // The mistakes this guards against give measurably different values on the same inputs.
            assertNotEquals(ReferenceMath.dinoLoss(student, teacher, zero, 4, 2, 0.04, 0.1), actual, 1e-2);
            assertNotEquals(samePairsIncluded(student, teacher), actual, 1e-2);
        }
    }

    /** The wrong pairing: also comparing each teacher view with the same student view. */
    private static double samePairsIncluded(double[][] student, double[][] teacher) {
        double total = 0;
        for (int iq = 0; iq < 2; iq++) {
            for (int v = 0; v < 4; v++) {
                double sum = 0;
                for (int b = 0; b < BATCH; b++) {
                    double[] q = ReferenceMath.softmax(teacher[iq * BATCH + b], 0.04);
                    double[] p = ReferenceMath.softmax(student[v * BATCH + b], 0.1);
                    for (int k = 0; k < K; k++) {
                        sum -= q[k] * Math.log(p[k]);
                    }
                }
                total += sum / BATCH;
            }
        }
        return total / 8;
    }

    @Test
    void teacherEntropyMatchesHandComputedValues() {
        try (NDManager manager = NDManager.newBaseManager();
                DinoLoss loss = new DinoLoss(manager, 4, 2, 2, 0.1, 0.9)) {
            // Logits ln(1/2, 1/4, 1/8, 1/8) at temperature 1: H = 1/2 ln 2 + 1/4 ln 4 + 2 · 1/8 ln 8 = 1.75 ln 2.
            float[] halves = {(float) Math.log(0.5), (float) Math.log(0.25), (float) Math.log(0.125), (float) Math.log(0.125)};
            // Equal logits: uniform, H = ln 4, whatever the temperature.
            float[] equal = {3, 3, 3, 3};
            NDArray teacher = manager.create(new float[][] {halves, equal});
            NDArray zeroCenter = manager.zeros(new Shape(1, 4));
            float both = loss.teacherEntropy(teacher, zeroCenter, 1.0).getFloat();
            assertEquals((1.75 * Math.log(2) + Math.log(4)) / 2, both, 1e-5);
            // The center is subtracted before sharpening: centring the first row away leaves it uniform too.
            NDArray center = manager.create(new float[][] {halves});
            assertEquals(Math.log(4), loss.teacherEntropy(manager.create(new float[][] {halves}), center, 0.04).getFloat(), 1e-5);
            // A sharp teacher (one logit 1 above the rest at temperature 0.01) has almost no entropy.
            float oneHot = loss.teacherEntropy(manager.create(new float[][] {{1, 0, 0, 0}}), zeroCenter, 0.01).getFloat();
            assertEquals(0, oneHot, 1e-3);
        }
    }

    @Test
    void theLossMinusTheTeacherEntropyIsTheTeacherStudentKl() {
        Random random = new Random(6);
        int views = 6;
        double[][] student = random(random, views * BATCH, 2);
        double[][] teacher = random(random, 2 * BATCH, 2);
        double[] center = random(random, 1, 0.5)[0];
        try (NDManager manager = NDManager.newBaseManager();
                DinoLoss loss = new DinoLoss(manager, K, 2, views, 0.1, 0.9)) {
            loss.setCenter(toFloat(center));
            NDArray teacherOutput = array(manager, teacher);
            float value = loss.compute(array(manager, student), teacherOutput, 0.07).getFloat();
            float entropy = loss.teacherEntropy(teacherOutput, loss.center(), 0.07).getFloat();
            double kl = ReferenceMath.teacherStudentKl(student, teacher, center, views, 2, 0.1, 0.07);
            assertEquals(kl, value - entropy, 1e-4 * Math.max(1, kl));
        }
    }

    @Test
    void centeringAppliesToTheTeacherOnly() {
        Random random = new Random(3);
        double[][] student = random(random, 2 * BATCH, 1);
        double[][] teacher = random(random, 2 * BATCH, 1);
        double[] center = random(random, 1, 1)[0];
        try (NDManager manager = NDManager.newBaseManager();
                DinoLoss loss = new DinoLoss(manager, K, 2, 2, 0.1, 0.9)) {
            loss.setCenter(toFloat(center));
            float actual = loss.compute(array(manager, student), array(manager, teacher), 0.04).getFloat();
            assertEquals(ReferenceMath.dinoLoss(student, teacher, center, 2, 2, 0.1, 0.04), actual, 1e-4);
            // Subtracting the center from the student instead is invariant under softmax shifts only per
            // row; with a per-class center it changes the result.
            double[][] studentCentred = new double[student.length][K];
            for (int r = 0; r < student.length; r++) {
                for (int k = 0; k < K; k++) {
                    studentCentred[r][k] = student[r][k] - center[k];
                }
            }
            assertNotEquals(ReferenceMath.dinoLoss(studentCentred, teacher, new double[K], 2, 2, 0.1, 0.04), actual, 1e-3);
        }
    }

    @Test
    void centerFollowsTheBatchMeanOfRawTeacherOutputsWithMomentum() {
        Random random = new Random(4);
        double[][] teacher = random(random, 2 * BATCH, 1);
        double[] center = random(random, 1, 1)[0];
        try (NDManager manager = NDManager.newBaseManager();
                DinoLoss loss = new DinoLoss(manager, K, 2, 2, 0.1, 0.9)) {
            loss.setCenter(toFloat(center));
            loss.updateCenter(array(manager, teacher));
            float[] expected = new float[K];
            for (int k = 0; k < K; k++) {
                double mean = 0;
                for (double[] row : teacher) {
                    mean += row[k] / teacher.length;
                }
                expected[k] = (float) (0.9 * center[k] + 0.1 * mean);
            }
            assertArrayEquals(expected, loss.center().toFloatArray(), 1e-5f);
        }
    }

    @Test
    void gradientReachesTheStudentAndNotTheTeacher() {
        Random random = new Random(5);
        try (NDManager manager = NDManager.newBaseManager();
                DinoLoss loss = new DinoLoss(manager, K, 2, 2, 0.1, 0.9)) {
            NDArray student = array(manager, random(random, 2 * BATCH, 1));
            NDArray teacher = array(manager, random(random, 2 * BATCH, 1));
            student.setRequiresGradient(true);
            teacher.setRequiresGradient(true);
            try (var collector = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                collector.backward(loss.compute(student, teacher, 0.04));
            }
            assertNotEquals(0f, student.getGradient().abs().sum().getFloat());
            assertEquals(0f, teacher.getGradient().abs().sum().getFloat());
        }
    }

    static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
