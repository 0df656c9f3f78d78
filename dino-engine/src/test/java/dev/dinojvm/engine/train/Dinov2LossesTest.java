package dev.dinojvm.engine.train;

import dev.dinojvm.plugins.objective.DinoLoss;
import dev.dinojvm.plugins.objective.IbotPatchLoss;
import dev.dinojvm.plugins.objective.KoLeoLoss;
import dev.dinojvm.plugins.objective.SinkhornKnopp;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.dinojvm.engine.eval.NpyFiles;
import dev.dinojvm.engine.parallel.ProcessGroup;
import dev.dinojvm.engine.runtime.DjlRuntime;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.function.Function;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DINOv2 loss terms and their gradients with respect to the student outputs against
 * facebookresearch/dinov2's {@code DINOLoss}, {@code iBOTPatchLoss} and {@code KoLeoLoss} run by
 * {@code src/test/resources/dinov2/make_fixtures.py}: 4 images, 2 global + 3 local crops, 16 prototypes,
 * student temperature 0.1, teacher temperature 0.05.
 */
class Dinov2LossesTest {

    private static final Offset<Double> TOLERANCE = Offset.offset(1e-5);
    private static final int K = 16;
    private static final double TEACHER_TEMPERATURE = 0.05;

    @BeforeAll
    static void startEngine() {
        DjlRuntime.initialise();
    }

    static NpyFiles.NpyArray fixture(String name) throws IOException {
        try {
            return NpyFiles.read(Path.of(Dinov2LossesTest.class.getResource("/dinov2/" + name).toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static NDArray array(NDManager manager, String name) throws IOException {
        NpyFiles.NpyArray a = fixture(name);
        return manager.create(a.values(), new Shape(a.shape()));
    }

    /** Runs {@code loss} on the student array with gradient recording and checks value and gradient. */
    private static void assertLossAndGradient(NDManager manager, String student, Function<NDArray, NDArray> loss, String expected)
            throws IOException {
        NDArray input = array(manager, student);
        input.setRequiresGradient(true);
        float value;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray result = loss.apply(input);
            value = result.getFloat();
            collector.backward(result);
        }
        assertThat((double) value).as(expected + " loss").isCloseTo(fixture(expected + "-loss.npy").values()[0], TOLERANCE);
        float[] gradient = input.getGradient().toFloatArray();
        float[] reference = fixture(expected + "-grad.npy").values();
        assertThat(gradient).hasSameSizeAs(reference);
        for (int i = 0; i < reference.length; i++) {
            assertThat((double) gradient[i]).as(expected + " gradient %d", i).isCloseTo(reference[i], TOLERANCE);
        }
    }

    @Test
    void dinoTermWithTheRunningCentreEqualsDinov2s() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(); DinoLoss loss = new DinoLoss(manager, K, 2, 5, 0.1, 0.9)) {
            loss.setCenter(fixture("dino-center.npy").values());
            NDArray teacher = array(manager, "dino-teacher.npy");

            assertLossAndGradient(manager, "dino-student.npy", s -> loss.compute(s, teacher, TEACHER_TEMPERATURE), "dino-centering");

            loss.updateCenter(teacher);
            float[] center = loss.center().toFloatArray();
            float[] expected = fixture("dino-center-after.npy").values();
            for (int i = 0; i < K; i++) {
                assertThat((double) center[i]).isCloseTo(expected[i], TOLERANCE);
            }
        }
    }

    @Test
    void dinoTermWithSinkhornKnoppEqualsDinov2s() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(); DinoLoss loss = new DinoLoss(manager, K, 2, 5, 0.1, 0.9)) {
            NDArray teacher = array(manager, "dino-teacher.npy");
            NDArray targets = SinkhornKnopp.assign(teacher, TEACHER_TEMPERATURE, 3, teacher.getShape().get(0), ProcessGroup.SINGLE);

            float[] actual = targets.toFloatArray();
            float[] expected = fixture("dino-sinkhorn-teacher.npy").values();
            for (int i = 0; i < expected.length; i++) {
                assertThat((double) actual[i]).as("target %d", i).isCloseTo(expected[i], Offset.offset(1e-6));
            }
            assertLossAndGradient(manager, "dino-student.npy", s -> loss.computeFromTargets(s, targets), "dino-sinkhorn");
        }
    }

    @Test
    void ibotTermWithTheRunningCentreEqualsDinov2s() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(); IbotPatchLoss loss = new IbotPatchLoss(manager, K, 0.1, 0.9)) {
            loss.setCenter(fixture("ibot-center.npy").values());
            NDArray teacher = array(manager, "ibot-teacher.npy");
            NDArray weights = patchWeights(manager);
            NDArray targets = loss.centredTargets(teacher, TEACHER_TEMPERATURE);

            assertLossAndGradient(manager, "ibot-student.npy", s -> loss.compute(s, targets, weights, 8), "ibot-centering");

            loss.updateCenter(teacher.mean(new int[] {0}, true));
            float[] center = loss.center().toFloatArray();
            float[] expected = fixture("ibot-center-after.npy").values();
            for (int i = 0; i < K; i++) {
                assertThat((double) center[i]).isCloseTo(expected[i], TOLERANCE);
            }
        }
    }

    @Test
    void ibotTermWithSinkhornKnoppEqualsDinov2s() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(); IbotPatchLoss loss = new IbotPatchLoss(manager, K, 0.1, 0.9)) {
            NDArray teacher = array(manager, "ibot-teacher.npy");
            NDArray weights = patchWeights(manager);
            NDArray targets = SinkhornKnopp.assign(teacher, TEACHER_TEMPERATURE, 3, teacher.getShape().get(0), ProcessGroup.SINGLE);

            assertLossAndGradient(manager, "ibot-student.npy", s -> loss.compute(s, targets, weights, 8), "ibot-sinkhorn");
        }
    }

    @Test
    void koleoTermEqualsDinov2s() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            // 0.1 times the sum over the two global crops, as ssl_meta_arch.py
            assertLossAndGradient(manager, "koleo-features.npy", features -> KoLeoLoss.compute(features.get("0:4"))
                    .add(KoLeoLoss.compute(features.get("4:8"))).mul(manager.full(new Shape(), 0.1f)), "koleo");
        }
    }

    /** {@code masks_weight} of the reference: 1 / (masked patches of the crop) for each masked patch, crop by crop. */
    private static NDArray patchWeights(NDManager manager) throws IOException {
        float[] masks = fixture("ibot-masks.npy").values();
        int patches = 9;
        java.util.List<Float> weights = new java.util.ArrayList<>();
        for (int crop = 0; crop < masks.length / patches; crop++) {
            int count = 0;
            for (int p = 0; p < patches; p++) {
                count += masks[crop * patches + p] > 0 ? 1 : 0;
            }
            for (int p = 0; p < count; p++) {
                weights.add(1f / count);
            }
        }
        float[] values = new float[weights.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = weights.get(i);
        }
        return manager.create(values);
    }
}
