package dev.dinojvm.plugins.multicrop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The vector kernels give the scalar loops' values bit for bit (the tests run with the vector module). */
class VectorKernelsTest {

    @Test
    void theTestsRunWithTheVectorModule() {
        assertThat(VectorSupport.AVAILABLE).as("surefire's argLine adds jdk.incubator.vector").isTrue();
    }

    @Test
    void hueRotationEqualsTheScalarLoopExactly() {
        for (float shift : new float[] {0.07f, -0.1f, 0.1f, -0.03f, 0f, 0.25f}) {
            assertSameValues("hue shift " + shift, rgb -> ColorOps.adjustHue(rgb, shift, 0), rgb -> VectorKernels.adjustHue(rgb, shift));
        }
    }

    @Test
    void saturationEqualsTheScalarLoopExactly() {
        for (float factor : new float[] {0.8f, 1f, 1.2f, 2.5f}) {
            assertSameValues("saturation " + factor, rgb -> ColorOps.adjustSaturation(rgb, factor, 0),
                    rgb -> VectorKernels.adjustSaturation(rgb, factor));
        }
    }

    /** On 1,003 pixels: whole vectors of every width, then a tail for the scalar loop. */
    private static void assertSameValues(String what, Consumer<float[]> scalar, Consumer<float[]> vector) {
        float[] expected = imageWithTiesAndGreys(1003, what.hashCode());
        float[] actual = expected.clone();
        scalar.accept(expected);
        vector.accept(actual);
        assertThat(actual).as(what).containsExactly(expected);
    }

    @Test
    void resamplingAWindowEqualsTheScalarLoopOnTheCopiedWindowExactly() {
        SplittableRandom random = new SplittableRandom(13);
        float[][] source = new float[70][90];
        for (float[] line : source) {
            for (int j = 0; j < line.length; j++) {
                line[j] = (float) random.nextDouble() * 1.2f - 0.1f; // some sums leave [0, 1] and are clipped
            }
        }
        int firstLine = 9;
        int from = 5;
        for (int[] sizes : new int[][] {{50, 19}, {50, 96}, {13, 13}, {61, 33}}) {
            int inLines = sizes[0];
            int length = 77; // whole vectors of every width and a tail
            ResampleWeights map = ResampleWeights.bicubic(inLines, sizes[1]);
            float[][] window = new float[inLines][length];
            for (int k = 0; k < inLines; k++) {
                System.arraycopy(source[firstLine + k], from, window[k], 0, length);
            }
            float[][] scalar = new float[sizes[1]][length];
            map.applyScalar(window, scalar);
            float[][] vector = new float[sizes[1]][length];
            VectorKernels.resample(map, source, firstLine, from, vector);
            for (int i = 0; i < scalar.length; i++) {
                assertThat(vector[i]).as("%d to %d, line %d", inLines, sizes[1], i).containsExactly(scalar[i]);
            }
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
