package dev.dinojvm.engine.weights;

import static dev.dinojvm.engine.weights.WeightFixtures.IMAGES;
import static dev.dinojvm.engine.weights.WeightFixtures.TOKENS;
import static dev.dinojvm.engine.weights.WeightFixtures.cosine;
import static dev.dinojvm.engine.weights.WeightFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.dinojvm.engine.model.TrainedBackbone;
import dev.dinojvm.engine.runtime.DjlRuntime;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every token of the vit plugin against PyTorch's norm(x) of the official forward. */
class PatchTokensTest {

    @BeforeAll
    static void startEngine() {
        DjlRuntime.initialise();
    }

    @Test
    void theClsAndPatchTokensAreThoseOfTheOfficialForward() throws IOException {
        float[] expected = WeightFixtures.npy("teacher-tokens.npy").values();

        try (TrainedBackbone model = WeightFixtures.load(WeightFixtures.registry(), "vit-backbone.pth", Optional.empty());
                NDManager scope = model.manager().newSubManager()) {
            NDArray tokens = model.tokens(WeightFixtures.images(scope));

            assertThat(tokens.getShape().getShape()).containsExactly(IMAGES, TOKENS, WeightFixtures.DIM);
            float[] actual = tokens.toFloatArray();
            for (int t = 0; t < IMAGES * TOKENS; t++) {
                assertThat(cosine(row(actual, t), row(expected, t))).as("token %d", t).isGreaterThan(0.9999);
            }
        }
    }
}
