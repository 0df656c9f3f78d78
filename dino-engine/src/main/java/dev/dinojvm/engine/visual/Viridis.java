package dev.dinojvm.engine.visual;

/**
 * Matplotlib's viridis colour map (its default, as the reference's {@code plt.imsave}), from 11 stops
 * interpolated linearly: written out here because the JDK has no colour maps.
 */
final class Viridis {

    private static final int[] STOPS = {
        0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c, 0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725,
    };

    private Viridis() {}

    /**
     * @param value in [0, 1] (clamped)
     * @return the colour as {@code 0xRRGGBB}
     */
    static int rgb(double value) {
        double v = Math.max(0, Math.min(1, Double.isNaN(value) ? 0 : value)) * (STOPS.length - 1);
        int low = Math.min((int) v, STOPS.length - 2);
        double t = v - low;
        int a = STOPS[low];
        int b = STOPS[low + 1];
        return mix(a >> 16 & 0xff, b >> 16 & 0xff, t) << 16 | mix(a >> 8 & 0xff, b >> 8 & 0xff, t) << 8 | mix(a & 0xff, b & 0xff, t);
    }

    private static int mix(int a, int b, double t) {
        return (int) Math.round(a + (b - a) * t);
    }
}
