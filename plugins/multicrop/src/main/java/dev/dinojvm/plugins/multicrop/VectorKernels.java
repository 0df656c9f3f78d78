package dev.dinojvm.plugins.multicrop;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The resampling of {@link ResampleWeights} and the hue rotation and saturation of {@link ColorOps} on
 * whole vectors ({@code jdk.incubator.vector}), with the same operations in the same order per value, so
 * the results are those of the scalar loops, bit for bit. Why by hand: the JIT does not vectorise the
 * colour loops (their selects and the three planes of one array), and vectorises the resampling only
 * when input and output are indexed alike, and then with the sum loaded and stored for every tap; here
 * each vector of outputs stays in a register over all its taps, and a crop is read where it lies.
 *
 * <p>Used only when the JVM was started with {@code --add-modules jdk.incubator.vector} (as {@code ./dino}
 * does); otherwise {@link VectorSupport#AVAILABLE} is false, this class's vector code is never run and the callers run
 * their scalar loops.
 */
final class VectorKernels {

    private VectorKernels() {}

    /**
     * Runs each kernel once on a small input, so that a class loader that cannot link them fails here.
     *
     * @return true
     */
    static boolean runOnce() {
        float[] rgb = new float[3 * 64];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (i % 7) / 7f;
        }
        adjustHue(rgb, 0.1f);
        adjustSaturation(rgb, 0.5f);
        resample(ResampleWeights.bicubic(64, 32), new float[64][64], 0, 0, new float[32][64]);
        return true;
    }

    private static final class Species {
        static final VectorSpecies<Float> FLOAT = FloatVector.SPECIES_PREFERRED;
    }

    /**
     * {@link ResampleWeights#apply(float[][], float[][])} of a window of the input lines: input sample
     * {@code k} is line {@code firstLine + k}, and output element {@code j} is computed from element
     * {@code from + j} of the input lines.
     */
    static void resample(ResampleWeights map, float[][] in, int firstLine, int from, float[][] out) {
        VectorSpecies<Float> species = Species.FLOAT;
        int taps = map.taps();
        int[] first = map.first();
        int[] count = map.count();
        float[] weights = map.weights();
        for (int i = 0; i < out.length; i++) {
            float[] sum = out[i];
            int lines = firstLine + first[i];
            int w = i * taps;
            int n = count[i];
            int j = 0;
            for (int bound = species.loopBound(sum.length); j < bound; j += species.length()) {
                FloatVector total = FloatVector.zero(species);
                for (int k = 0; k < n; k++) {
                    total = total.add(FloatVector.fromArray(species, in[lines + k], from + j).mul(weights[w + k]));
                }
                total.min(1f).max(0f).intoArray(sum, j);
            }
            for (; j < sum.length; j++) {
                float total = 0f;
                for (int k = 0; k < n; k++) {
                    total += weights[w + k] * in[lines + k][from + j];
                }
                sum[j] = Math.max(0f, Math.min(1f, total));
            }
        }
    }

    /**
     * {@link ColorOps#adjustHue(float[], float, int)} from pixel 0, in two passes: the hue of every pixel (in
     * sixths of a turn, shifted) into a scratch plane, then the rotated colours. One loop doing both compiles
     * to more nodes than the JIT inlines into one method, and each vector that then crosses a call is
     * allocated on the heap (several times slower and megabytes of garbage per image); each of the two
     * loops compiles whole. The values are those of one loop: the hue is stored as the float it was.
     */
    static void adjustHue(float[] rgb, float shift) {
        VectorSpecies<Float> species = Species.FLOAT;
        int n = rgb.length / 3;
        int whole = species.loopBound(n);
        float[] sixths = new float[whole];
        shiftedHue(rgb, n, ColorOps.shiftInSixths(shift), sixths);
        rotate(rgb, n, sixths);
        ColorOps.adjustHue(rgb, shift, whole);
    }

    /** The hue of each pixel of the whole vectors in sixths of a turn, plus the shift, wrapped to [0, 6). */
    private static void shiftedHue(float[] rgb, int n, float shiftSixths, float[] sixthsOut) {
        VectorSpecies<Float> species = Species.FLOAT;
        for (int p = 0; p < sixthsOut.length; p += species.length()) {
            FloatVector r = FloatVector.fromArray(species, rgb, p);
            FloatVector g = FloatVector.fromArray(species, rgb, n + p);
            FloatVector b = FloatVector.fromArray(species, rgb, 2 * n + p);
            FloatVector max = r.max(g.max(b));
            FloatVector chroma = max.sub(r.min(g.min(b)));
            FloatVector inverse = FloatVector.broadcast(species, 1f).div(chroma);
            FloatVector sixths = r.sub(g).mul(inverse).add(4f)
                    .blend(b.sub(r).mul(inverse).add(2f), max.eq(g))
                    .blend(g.sub(b).mul(inverse), max.eq(r))
                    .add(shiftSixths);
            sixths.lanewise(VectorOperators.ADD, 6f, sixths.lt(0f))
                    .lanewise(VectorOperators.SUB, 6f, sixths.compare(VectorOperators.GE, 6f))
                    .intoArray(sixthsOut, p);
        }
    }

    /** Each pixel of the whole vectors from its value, chroma and shifted hue; grey pixels stay as they are. */
    private static void rotate(float[] rgb, int n, float[] shiftedSixths) {
        VectorSpecies<Float> species = Species.FLOAT;
        for (int p = 0; p < shiftedSixths.length; p += species.length()) {
            FloatVector r = FloatVector.fromArray(species, rgb, p);
            FloatVector g = FloatVector.fromArray(species, rgb, n + p);
            FloatVector b = FloatVector.fromArray(species, rgb, 2 * n + p);
            FloatVector max = r.max(g.max(b));
            FloatVector chroma = max.sub(r.min(g.min(b)));
            VectorMask<Float> grey = chroma.eq(0f);
            FloatVector sixths = FloatVector.fromArray(species, shiftedSixths, p);
            max.sub(chroma.mul(sectorWeight(sixths.add(5f)))).blend(r, grey).intoArray(rgb, p);
            max.sub(chroma.mul(sectorWeight(sixths.add(3f)))).blend(g, grey).intoArray(rgb, n + p);
            max.sub(chroma.mul(sectorWeight(sixths.add(1f)))).blend(b, grey).intoArray(rgb, 2 * n + p);
        }
    }

    private static FloatVector sectorWeight(FloatVector k) {
        FloatVector m = k.lanewise(VectorOperators.SUB, 6f, k.compare(VectorOperators.GE, 6f));
        return m.min(m.neg().add(4f)).min(1f).max(0f);
    }

    /** {@link ColorOps#adjustSaturation(float[], float, int)} from pixel 0. */
    static void adjustSaturation(float[] rgb, float factor) {
        VectorSpecies<Float> species = Species.FLOAT;
        int n = rgb.length / 3;
        float keep = 1 - factor;
        int p = 0;
        for (int bound = species.loopBound(n); p < bound; p += species.length()) {
            FloatVector r = FloatVector.fromArray(species, rgb, p);
            FloatVector g = FloatVector.fromArray(species, rgb, n + p);
            FloatVector b = FloatVector.fromArray(species, rgb, 2 * n + p);
            FloatVector grey = r.mul(ColorOps.LUMA_RED).add(g.mul(ColorOps.LUMA_GREEN)).add(b.mul(ColorOps.LUMA_BLUE)).mul(keep);
            grey.add(r.mul(factor)).min(1f).max(0f).intoArray(rgb, p);
            grey.add(g.mul(factor)).min(1f).max(0f).intoArray(rgb, n + p);
            grey.add(b.mul(factor)).min(1f).max(0f).intoArray(rgb, 2 * n + p);
        }
        ColorOps.adjustSaturation(rgb, factor, p);
    }
}
