package dev.dinojvm.plugins.multicrop;

/**
 * A separable Gaussian blur with radius {@code ceil(3 sigma)} and edge-replicated borders, for DINO's
 * {@code GaussianBlur}, which calls Pillow's {@code ImageFilter.GaussianBlur(radius=sigma)}.
 *
 * <p>Pillow approximates the Gaussian with three extended box blurs, so its pixels differ slightly
 * from this true Gaussian of the same standard deviation.
 */
final class GaussianBlur {

    private GaussianBlur() {}

    /** @return the normalised 1-D kernel, {@code 2 * ceil(3 sigma) + 1} taps */
    static float[] kernel(double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        double[] raw = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            raw[i + radius] = Math.exp(-(double) i * i / (2 * sigma * sigma));
            sum += raw[i + radius];
        }
        float[] kernel = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            kernel[i] = (float) (raw[i] / sum);
        }
        return kernel;
    }

    /**
     * Blurs every plane of {@code planes} in place: along columns (working on rows, see {@link
     * ResampleWeights#apply}), then along rows (working on columns). The weights are positive, so no
     * value leaves [0, 1] and the order of the passes changes nothing but float rounding.
     *
     * @param planes planar image, a whole number of {@code height × width} planes, values in [0, 1]
     * @param height plane height
     * @param width plane width
     * @param sigma standard deviation in pixels
     */
    static void blur(float[] planes, int height, int width, double sigma) {
        float[] kernel = kernel(sigma);
        ResampleWeights alongRows = ResampleWeights.convolution(width, kernel);
        ResampleWeights alongColumns = ResampleWeights.convolution(height, kernel);
        Scratch scratch = Scratch.PER_THREAD.get().fit(height, width);
        for (int offset = 0; offset < planes.length; offset += height * width) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(planes, offset + y * width, scratch.rows[y], 0, width);
            }
            alongColumns.apply(scratch.rows, scratch.blurredRows, width);
            Lines.transpose(scratch.blurredRows, height, scratch.columns, width);
            alongRows.apply(scratch.columns, scratch.blurredColumns, height);
            Lines.writeColumns(scratch.blurredColumns, width, height, planes, offset);
        }
    }

    /** The lines of one data thread, kept from one view to the next (grown for a larger view), as in {@link BicubicResize}. */
    private static final class Scratch {
        static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

        private int maxHeight;
        private int maxWidth;
        float[][] rows = new float[0][];
        float[][] blurredRows = new float[0][];
        float[][] columns = new float[0][];
        float[][] blurredColumns = new float[0][];

        Scratch fit(int height, int width) {
            if (height > maxHeight || width > maxWidth) {
                maxHeight = Math.max(maxHeight, height);
                maxWidth = Math.max(maxWidth, width);
                rows = new float[maxHeight][maxWidth];
                blurredRows = new float[maxHeight][maxWidth];
                columns = new float[maxWidth][maxHeight];
                blurredColumns = new float[maxWidth][maxHeight];
            }
            return this;
        }
    }
}
