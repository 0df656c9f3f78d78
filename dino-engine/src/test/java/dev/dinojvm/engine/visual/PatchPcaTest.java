package dev.dinojvm.engine.visual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The eigenvectors against a hand-solved matrix, and the foreground split on tokens of known structure. */
class PatchPcaTest {

    @Test
    void leadingEigenvectorsOfAHandSolvedMatrix() {
        // [[4, 1, 0], [1, 3, 0], [0, 0, 1]]: eigenvalues (7 ± √5) / 2 and 1; the largest one's eigenvector is
        // (1, (√5 - 1) / 2, 0) normalised, the second's (-(√5 - 1) / 2, 1, 0) normalised, then (0, 0, 1).
        double[] matrix = {4, 1, 0, 1, 3, 0, 0, 0, 1};
        double golden = (Math.sqrt(5) - 1) / 2;
        double norm = Math.sqrt(1 + golden * golden);

        double[][] vectors = SymmetricEigen.leading(matrix, 3, 3);

        assertThat(vectors[0]).containsExactly(new double[] {1 / norm, golden / norm, 0}, within(1e-9));
        assertThat(vectors[1]).containsExactly(new double[] {-golden / norm, 1 / norm, 0}, within(1e-9));
        assertThat(vectors[2]).containsExactly(new double[] {0, 0, 1}, within(1e-9));
    }

    @Test
    void theBorderIsBackgroundAndForegroundColoursFollowTheirOwnComponents() {
        int side = 6;
        int dim = 5;
        Random random = new Random(3);
        float[][] tokens = new float[2][side * side * dim];
        boolean[][] centre = new boolean[2][side * side];
        for (int i = 0; i < 2; i++) {
            for (int p = 0; p < side * side; p++) {
                int row = p / side;
                int column = p % side;
                centre[i][p] = row >= 2 && row <= 3 && column >= 2 && column <= 3;
                // Background patches sit near -8 on axis 0; foreground near +8, varying most along axis 1 by column.
                tokens[i][p * dim] = (centre[i][p] ? 8 : -8) + (float) (0.1 * random.nextGaussian());
                tokens[i][p * dim + 1] = centre[i][p] ? column * 2f : 0;
                for (int d = 2; d < dim; d++) {
                    tokens[i][p * dim + d] = (float) (0.01 * random.nextGaussian());
                }
            }
        }

        PatchPca.Result result = PatchPca.compute(tokens, dim, side, 0);

        for (int i = 0; i < 2; i++) {
            assertThat(result.foreground()[i]).containsExactly(centre[i]);
            for (int p = 0; p < side * side; p++) {
                if (!centre[i][p]) {
                    assertThat(result.colours()[i][p]).containsExactly(0f, 0f, 0f);
                }
            }
            // The first foreground component is axis 1 (the column): red 0 in column 2, 1 in column 3.
            float left = result.colours()[i][2 * side + 2][0];
            float right = result.colours()[i][2 * side + 3][0];
            assertThat(Math.abs(left - right)).isCloseTo(1f, within(0.05f));
        }
    }
}
