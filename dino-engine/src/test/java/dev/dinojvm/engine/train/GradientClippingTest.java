package dev.dinojvm.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

    @Test
    void clipsEachTensorByItsOwnNorm() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NamedParameter large = NamedParameter.of("a.weight",
                    ParameterFixtures.parameter(manager, "a", new float[] {0, 0}, new Shape(1, 2)), false);
            NamedParameter small = NamedParameter.of("b.weight",
                    ParameterFixtures.parameter(manager, "b", new float[] {0, 0}, new Shape(1, 2)), false);
            // norms 5 (above the threshold 3) and 1 (below)
            ParameterFixtures.setGradients(List.of(large, small), List.of(new float[] {3, 4}, new float[] {0.6f, 0.8f}));

            GradientClipping.clipPerTensor(ParameterFixtures.gradients(List.of(large, small)), 3.0);

            double coefficient = 3.0 / (5.0 + 1e-6);
            assertArrayEquals(new float[] {(float) (3 * coefficient), (float) (4 * coefficient)},
                    ParameterFixtures.gradient(large), 1e-6f);
            // A global-norm clip would have scaled this one too, by 3 / sqrt(26).
            assertArrayEquals(new float[] {0.6f, 0.8f}, ParameterFixtures.gradient(small), 1e-7f);
        }
    }

    @Test
    void zeroThresholdDisablesClipping() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NamedParameter p = NamedParameter.of("a.weight",
                    ParameterFixtures.parameter(manager, "a", new float[] {0, 0}, new Shape(1, 2)), false);
            ParameterFixtures.setGradients(List.of(p), List.of(new float[] {30, 40}));
            GradientClipping.clipPerTensor(ParameterFixtures.gradients(List.of(p)), 0);
            assertArrayEquals(new float[] {30, 40}, ParameterFixtures.gradient(p), 0f);
        }
    }
}
