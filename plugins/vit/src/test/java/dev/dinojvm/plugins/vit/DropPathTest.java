package dev.dinojvm.plugins.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ModelRole;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Stochastic depth: per sample, student training only, reproducible from the engine seed. */
class DropPathTest {

    private static final VitArchitecture STUDENT = new VitArchitecture(8, 4, 2, 4, 8, 4.0, 0.6);

    @Test
    void studentTrainingForwardIsRandomAndReproducibleFromTheSeed() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Fixture f = new Fixture(manager, STUDENT);
            Engine.getInstance().setRandomSeed(11);
            float[] first = f.forward(true);
            float[] second = f.forward(true);
            assertFalse(Arrays.equals(first, second), "two training forwards drew the same masks");
            Engine.getInstance().setRandomSeed(11);
            assertArrayEquals(first, f.forward(true), "same seed, different output");
        }
    }

    @Test
    void inferenceAndTeacherAreDeterministic() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Fixture student = new Fixture(manager, STUDENT);
            assertArrayEquals(student.forward(false), student.forward(false));
            Fixture teacher = new Fixture(manager, STUDENT.withoutDropPath());
            float[] teacherTraining = teacher.forward(true);
            assertArrayEquals(teacherTraining, teacher.forward(true));
            // same parameter values: without drop path, training and inference agree with the student's inference
            assertArrayEquals(student.forward(false), teacherTraining, 1e-6f);
        }
    }

    @Test
    void rolesGetTheirDropPathRates() {
        VitBackboneFactory factory = new VitBackboneFactory();
        ComponentConfig config = new ComponentConfig("dino.backbone", factory.configKeys(), Map.of("drop-path", "0.2"));
        assertEquals(0.2, ((VitBackbone) factory.create(config, ModelRole.STUDENT)).block().architecture().dropPath());
        assertEquals(0.0, ((VitBackbone) factory.create(config, ModelRole.TEACHER)).block().architecture().dropPath());
        assertEquals(0.0, ((VitBackbone) factory.create(config, ModelRole.EVALUATION)).block().architecture().dropPath());
    }

    @Test
    void ratesGrowLinearlyOverDepth() {
        VitArchitecture architecture = new VitArchitecture(8, 5, 2, 4, 8, 4.0, 0.2);
        assertArrayEquals(new double[] {0, 0.05, 0.1, 0.15, 0.2},
                new double[] {architecture.dropPathRate(0), architecture.dropPathRate(1), architecture.dropPathRate(2),
                        architecture.dropPathRate(3), architecture.dropPathRate(4)}, 1e-12);
        assertEquals(0, new VitArchitecture(8, 1, 2, 4, 8, 4.0, 0.2).dropPathRate(0), "torch.linspace(0, r, 1) is [0]");
    }

    @Test
    void zeroRateIsTheIdentity() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomNormal(new Shape(4, 3, 2));
            assertSame(x, DropPath.apply(x, 0, true));
            assertSame(x, DropPath.apply(x, 0.5, false));
        }
    }

    @Test
    void masksWholeSamplesAndRescalesTheKeptOnes() {
        double rate = 0.25;
        int batch = 400;
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            NDArray x = manager.randomUniform(1, 2, new Shape(batch, 3, 2));
            float[] in = x.toFloatArray();
            float[] out = DropPath.apply(x, rate, true).toFloatArray();
            int dropped = 0;
            for (int b = 0; b < batch; b++) {
                boolean zero = out[b * 6] == 0;
                dropped += zero ? 1 : 0;
                for (int i = b * 6; i < b * 6 + 6; i++) {
                    assertEquals(zero ? 0 : in[i] / (1 - rate), out[i], 1e-5, "sample " + b);
                }
            }
            // binomial(400, 0.25): mean 100, sd 8.7
            assertTrue(dropped > 60 && dropped < 140, "dropped " + dropped + " of " + batch);
        }
    }

    /** A block with seeded parameters and a fixed batch. */
    private static final class Fixture {
        private final VisionTransformer block;
        private final ParameterStore store;
        private final NDArray images;

        Fixture(NDManager manager, VitArchitecture architecture) {
            block = new VisionTransformer(architecture);
            TinyVits.initializeSeeded(block, manager, 21);
            store = new ParameterStore(manager, false);
            images = TinyVits.images(manager, TinyVits.randomPixels(new Random(22), 8, 8, 8), 8, 8, 8);
        }

        float[] forward(boolean training) {
            try (NDArray features = block.forward(store, new NDList(images), training).singletonOrThrow()) {
                return features.toFloatArray();
            }
        }
    }
}
