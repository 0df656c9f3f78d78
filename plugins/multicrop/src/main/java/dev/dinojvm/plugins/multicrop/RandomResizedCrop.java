package dev.dinojvm.plugins.multicrop;

import java.util.random.RandomGenerator;

/** The crop rectangle of torchvision's {@code RandomResizedCrop}, with its default ratio (3/4, 4/3). */
final class RandomResizedCrop {

    static final double MIN_RATIO = 3.0 / 4.0;
    static final double MAX_RATIO = 4.0 / 3.0;
    private static final int ATTEMPTS = 10;

    private RandomResizedCrop() {}

    /**
     * torchvision's {@code get_params}: up to ten tries of a random area fraction and log-uniform aspect
     * ratio, else a centre crop of the clamped aspect ratio.
     *
     * @param height image height
     * @param width image width
     * @param scaleMin smallest area fraction
     * @param scaleMax largest area fraction
     * @param random per try: uniform scale, uniform log-ratio; on success top then left
     * @return a rectangle inside the image
     */
    static CropBox sampleBox(int height, int width, double scaleMin, double scaleMax, RandomGenerator random) {
        double area = (double) height * width;
        double logMin = Math.log(MIN_RATIO);
        double logMax = Math.log(MAX_RATIO);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double targetArea = area * RandomDraws.uniform(random, scaleMin, scaleMax);
            double aspectRatio = Math.exp(RandomDraws.uniform(random, logMin, logMax));
            // Python's round() rounds halves to even, as Math.rint does.
            int w = (int) Math.rint(Math.sqrt(targetArea * aspectRatio));
            int h = (int) Math.rint(Math.sqrt(targetArea / aspectRatio));
            if (0 < w && w <= width && 0 < h && h <= height) {
                int top = RandomDraws.inclusive(random, 0, height - h);
                int left = RandomDraws.inclusive(random, 0, width - w);
                return new CropBox(top, left, h, w);
            }
        }
        return centreCrop(height, width);
    }

    /** The fallback of {@code get_params}: the whole image when its ratio is within bounds, else a centred crop at the nearest bound. */
    static CropBox centreCrop(int height, int width) {
        double inRatio = (double) width / height;
        int w = width;
        int h = height;
        if (inRatio < MIN_RATIO) {
            h = (int) Math.rint(w / MIN_RATIO);
        } else if (inRatio > MAX_RATIO) {
            w = (int) Math.rint(h * MAX_RATIO);
        }
        return new CropBox((height - h) / 2, (width - w) / 2, h, w);
    }
}
