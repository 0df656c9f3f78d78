package dev.dinojvm.plugins.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The resampling matrices against a hand computation and the test's loop reference. */
class BicubicResamplingTest {

    /**
     * A 2-grid to 3 with DINO's scale (2 + 1 + 0.1) / 2 = 1.55, by hand with the Keys kernel W (A =
     * -0.75): W(x) = 1.25|x|³ - 2.25|x|² + 1 for |x| <= 1, -0.75(|x|³ - 5|x|² + 8|x| - 4) for 1 < |x| < 2.
     *
     * <ul>
     *   <li>row 0: src = 0.5/1.55 - 0.5 = -0.177419; taps -2..1 clamp to 0,0,0,1; weight of input 1 is
     *       W(1.177419) = -0.0900366, of input 0 the rest, 1.0900366;
     *   <li>row 1: src = 1.5/1.55 - 0.5 = 0.467742; taps -1..2 clamp to 0,0,1,1: input 0 gets
     *       W(1.467742) + W(0.467742) = -0.0993830 + 0.6356565 = 0.5362735, input 1 0.4637265;
     *   <li>row 2: src = 2.5/1.55 - 0.5 = 1.112903; taps 0..3 clamp to 0,1,1,1: input 0 gets
     *       W(1.112903) = -0.0666361, input 1 the rest, 1.0666361.
     * </ul>
     */
    @Test
    void upsamplingTwoToThreeMatchesTheHandComputation() {
        assertEquals(3, BicubicResampling.outputSize(2, 1.55));
        float[] m = BicubicResampling.matrix(2, 3, 1.55);
        assertArrayEquals(new float[] {1.0900366f, -0.0900366f, 0.5362735f, 0.4637265f, -0.0666361f, 1.0666361f}, m, 1e-6f);
    }

    @ParameterizedTest
    @CsvSource({"2, 3", "14, 6", "14, 3", "4, 7", "3, 2", "2, 1", "1, 3"})
    void matricesMatchTheLoopReference(int in, int outGrid) {
        double scale = (outGrid + 0.1) / in;
        int out = BicubicResampling.outputSize(in, scale);
        assertEquals(outGrid, out);
        float[] m = BicubicResampling.matrix(in, out, scale);
        for (int j = 0; j < in; j++) {
            double[][] unit = new double[1][in];
            unit[0][j] = 1;
            double[] column = ReferenceVit.torchBicubic(unit, 1.0, scale)[0];
            for (int i = 0; i < out; i++) {
                assertEquals(column[i], m[i * in + j], 1e-5, "weight of input " + j + " in output " + i);
            }
        }
    }
}
