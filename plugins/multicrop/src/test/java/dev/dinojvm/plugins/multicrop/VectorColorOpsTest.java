package dev.dinojvm.plugins.multicrop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The vector kernels give the scalar loops' values bit for bit (the tests run with the vector module). */
class VectorColorOpsTest {

    @Test
    void theTestsRunWithTheVectorModule() {
        assertThat(VectorColorOps.AVAILABLE).as("surefire's argLine adds jdk.incubator.vector").isTrue();
    }

    @Test
    void hueRotationEqualsTheScalarLoopExactly() {
        for (float shift : new float[] {0.07f, -0.1f, 0.1f, -0.03f, 0f, 0.25f}) {
            // 1,003 pixels: whole vectors of every width plus a tail for the scalar loop
            float[] rgb = imageWithTiesAndGreys(1003, 11);
            float[] scalar = rgb.clone();
            ColorOps.adjustHue(scalar, shift, 0);
            VectorColorOps.adjustHue(rgb, shift);
            assertThat(rgb).as("shift %s", shift).containsExactly(scalar);
        }
    }

    @Test
    void saturationEqualsTheScalarLoopExactly() {
        for (float factor : new float[] {0.8f, 1f, 1.2f, 2.5f}) {
            float[] rgb = imageWithTiesAndGreys(1003, 12);
            float[] scalar = rgb.clone();
            ColorOps.adjustSaturation(scalar, factor, 0);
            VectorColorOps.adjustSaturation(rgb, factor);
            assertThat(rgb).as("factor %s", factor).containsExactly(scalar);
        }
    }

    /** Random pixels, with some grey (all channels equal) and some with two channels tied at the maximum. */
    private static float[] imageWithTiesAndGreys(int pixels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] rgb = new float[3 * pixels];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = random.nextInt(4) == 0 ? random.nextInt(256) / 255f : (float) random.nextDouble();
        }
        for (int p = 0; p < pixels; p += 7) {
            rgb[pixels + p] = rgb[p]; // red and green tied
        }
        for (int p = 3; p < pixels; p += 11) {
            rgb[pixels + p] = rgb[p];
            rgb[2 * pixels + p] = rgb[p]; // grey
        }
        for (int p = 5; p < pixels; p += 13) {
            rgb[2 * pixels + p] = rgb[pixels + p]; // green and blue tied
        }
        return rgb;
    }
}
