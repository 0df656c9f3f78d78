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
 * a vector of outputs stays in a register over four taps at a time, and a crop is read where it lies.
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
        /**
         * The processor's vectors, at most 256 bits wide: on the development machine's AVX-512 processor the
         * whole multi-crop took about 30 % more CPU time with 512-bit vectors than with 256-bit ones (and
         * 512-bit lines leave more of each line to the scalar tails). The width changes no value.
         */
        static final VectorSpecies<Float> FLOAT = FloatVector.SPECIES_PREFERRED.vectorBitSize() > 256
                ? FloatVector.SPECIES_256 : FloatVector.SPECIES_PREFERRED;
    }

    /**
     * {@link ResampleWeights#apply(float[][], float[][])} of a window of the input lines: input sample
     * {@code k} is line {@code firstLine + k}, and output element {@code j} is computed from element
     * {@code from + j} of the input lines. The sums are kept in the output line between groups of four
     * taps (each group added in a register in tap order, so the sums are those of one tap at a time): on
     * Java 17 a vector carried from one turn to the next of a loop of varying length (the taps) can be
     * allocated on the heap at every turn, which made this several times slower.
     */
    static void resample(ResampleWeights map, float[][] in, int firstLine, int from, float[][] out) {
        resample(map, in, firstLine, from, out, out[0].length);
    }

    /** As {@link #resample(ResampleWeights, float[][], int, int, float[][])} on the first {@code length} elements of each line. */
    static void resample(ResampleWeights map, float[][] in, int firstLine, int from, float[][] out, int length) {
        VectorSpecies<Float> species = Species.FLOAT;
        int taps = map.taps();
        int[] first = map.first();
        int[] count = map.count();
        float[] weights = map.weights();
        for (int i = 0; i < first.length; i++) {
            float[] sum = out[i];
            int lines = firstLine + first[i];
            int w = i * taps;
            int n = count[i];
            int bound = species.loopBound(length);
            java.util.Arrays.fill(sum, 0, bound, 0f);
            int k = 0;
            for (; k + 4 <= n; k += 4) {
                addFourTaps(sum, bound, in[lines + k], in[lines + k + 1], in[lines + k + 2], in[lines + k + 3], from,
                        weights[w + k], weights[w + k + 1], weights[w + k + 2], weights[w + k + 3]);
            }
            for (; k < n; k++) {
                float weight = weights[w + k];
                float[] line = in[lines + k];
                for (int j = 0; j < bound; j += species.length()) {
                    FloatVector.fromArray(species, sum, j).add(FloatVector.fromArray(species, line, from + j).mul(weight)).intoArray(sum, j);
                }
            }
            for (int j = 0; j < bound; j += species.length()) {
                FloatVector.fromArray(species, sum, j).min(1f).max(0f).intoArray(sum, j);
            }
            for (int j = bound; j < length; j++) {
                float total = 0f;
                for (int tap = 0; tap < n; tap++) {
                    total += weights[w + tap] * in[lines + tap][from + j];
                }
                sum[j] = Math.max(0f, Math.min(1f, total));
            }
        }
    }

    /** {@code sum += a * wa}, then {@code + b * wb}, then c, then d, on the first {@code bound} elements. */
    private static void addFourTaps(float[] sum, int bound, float[] a, float[] b, float[] c, float[] d, int from, float wa, float wb,
            float wc, float wd) {
        VectorSpecies<Float> species = Species.FLOAT;
        for (int j = 0; j < bound; j += species.length()) {
            FloatVector.fromArray(species, sum, j)
                    .add(FloatVector.fromArray(species, a, from + j).mul(wa))
                    .add(FloatVector.fromArray(species, b, from + j).mul(wb))
                    .add(FloatVector.fromArray(species, c, from + j).mul(wc))
                    .add(FloatVector.fromArray(species, d, from + j).mul(wd))
                    .intoArray(sum, j);
        }
    }

    /** Per data thread, the planes {@link #adjustHue} works in, grown to the largest view seen. */
    private static final ThreadLocal<float[]> HUE_PLANES = ThreadLocal.withInitial(() -> new float[0]);

    /**
     * {@link ColorOps#adjustHue(float[], float, int)} from pixel 0, in four loops: the value, chroma and
     * shifted hue (in sixths of a turn) of every pixel into three scratch planes, then each channel from
     * them. One loop doing everything compiles to more nodes than the JIT inlines into one method, and each
     * vector that then crosses a call is allocated on the heap (several times slower, and megabytes of
     * garbage per image); each of these loops compiles whole. The values are those of one loop: what is
     * stored in between is stored as the float it was.
     */
    static void adjustHue(float[] rgb, float shift) {
        VectorSpecies<Float> species = Species.FLOAT;
        int n = rgb.length / 3;
        int whole = species.loopBound(n);
        float[] planes = HUE_PLANES.get();
        if (planes.length < 3 * whole) {
            planes = new float[3 * whole];
            HUE_PLANES.set(planes);
        }
        valueChromaHue(rgb, n, whole, ColorOps.shiftInSixths(shift), planes);
        rotateChannel(rgb, 0, whole, 5f, planes);
        rotateChannel(rgb, n, whole, 3f, planes);
        rotateChannel(rgb, 2 * n, whole, 1f, planes);
        ColorOps.adjustHue(rgb, shift, whole);
    }

    /**
     * For the first {@code whole} pixels: the value (max) into {@code planes[0, whole)}, the chroma into the
     * next {@code whole}, the hue plus the shift, wrapped to [0, 6), into the next.
     */
    private static void valueChromaHue(float[] rgb, int n, int whole, float shiftSixths, float[] planes) {
        VectorSpecies<Float> species = Species.FLOAT;
        for (int p = 0; p < whole; p += species.length()) {
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
            max.intoArray(planes, p);
            chroma.intoArray(planes, whole + p);
            sixths.lanewise(VectorOperators.ADD, 6f, sixths.lt(0f))
                    .lanewise(VectorOperators.SUB, 6f, sixths.compare(VectorOperators.GE, 6f))
                    .intoArray(planes, 2 * whole + p);
        }
    }

    /**
     * One channel (the plane at {@code offset}) of the first {@code whole} pixels from the scratch planes:
     * {@code v - c * sectorWeight(sector + h)}; grey pixels (chroma 0) keep their value.
     */
    private static void rotateChannel(float[] rgb, int offset, int whole, float sector, float[] planes) {
        VectorSpecies<Float> species = Species.FLOAT;
        for (int p = 0; p < whole; p += species.length()) {
            FloatVector max = FloatVector.fromArray(species, planes, p);
            FloatVector chroma = FloatVector.fromArray(species, planes, whole + p);
            FloatVector sixths = FloatVector.fromArray(species, planes, 2 * whole + p);
            FloatVector own = FloatVector.fromArray(species, rgb, offset + p);
            max.sub(chroma.mul(sectorWeight(sixths.add(sector)))).blend(own, chroma.eq(0f)).intoArray(rgb, offset + p);
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
