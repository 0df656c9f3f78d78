package dev.dinojvm.engine.data.pixels;

import java.util.Arrays;

/**
 * The mean and standard deviation of each channel over every pixel of a set of images (what a {@code
 * Normalize(mean, std)} of the images needs), accumulated image by image. Each image's channel is summed
 * about its own mean in double precision, and the partial results are combined with Chan et al.'s parallel
 * update, so neither many pixels nor values far from zero lose precision (a running sum of squares would).
 * Not thread-safe: give each worker its own and {@link #merge} them.
 */
public final class ChannelStatistics {

    private final int channels;
    private long count;
    private final double[] mean;
    private final double[] squaredDeviations;

    /** @param channels the number of channels of every image added */
    public ChannelStatistics(int channels) {
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be positive, got " + channels);
        }
        this.channels = channels;
        this.mean = new double[channels];
        this.squaredDeviations = new double[channels];
    }

    /** @param image an image of this statistics' channel count */
    public void add(PixelImage image) {
        add(image.channels(), image.pixels());
    }

    /**
     * @param imageChannels the image's channel count
     * @param pixels planar channel-height-width values
     */
    public void add(int imageChannels, float[] pixels) {
        if (imageChannels != channels || pixels.length % channels != 0) {
            throw new IllegalArgumentException("expected " + channels + " channels, got " + imageChannels + " (" + pixels.length + " values)");
        }
        int area = pixels.length / channels;
        if (area == 0) {
            return;
        }
        double[] imageMean = new double[channels];
        double[] imageDeviations = new double[channels];
        for (int c = 0; c < channels; c++) {
            int start = c * area;
            double sum = 0;
            for (int i = start; i < start + area; i++) {
                sum += pixels[i];
            }
            double m = sum / area;
            double deviations = 0;
            for (int i = start; i < start + area; i++) {
                double d = pixels[i] - m;
                deviations += d * d;
            }
            imageMean[c] = m;
            imageDeviations[c] = deviations;
        }
        combine(area, imageMean, imageDeviations);
    }

    /** @param other statistics of other images with the same channel count (e.g. another worker's) */
    public void merge(ChannelStatistics other) {
        if (other.channels != channels) {
            throw new IllegalArgumentException("cannot merge statistics of " + other.channels + " channels into " + channels);
        }
        if (other.count > 0) {
            combine(other.count, other.mean, other.squaredDeviations);
        }
    }

    private void combine(long otherCount, double[] otherMean, double[] otherDeviations) {
        long total = count + otherCount;
        for (int c = 0; c < channels; c++) {
            double delta = otherMean[c] - mean[c];
            mean[c] += delta * otherCount / total;
            squaredDeviations[c] += otherDeviations[c] + delta * delta * ((double) count * otherCount / total);
        }
        count = total;
    }

    /** @return the number of channels */
    public int channels() {
        return channels;
    }

    /** @return the number of pixels seen per channel */
    public long count() {
        return count;
    }

    /** @return each channel's mean; NaN before any pixel was added */
    public double[] mean() {
        return count == 0 ? nan() : mean.clone();
    }

    /** @return each channel's population standard deviation (NumPy's default, ddof 0); NaN before any pixel */
    public double[] std() {
        if (count == 0) {
            return nan();
        }
        return Arrays.stream(squaredDeviations).map(s -> Math.sqrt(s / count)).toArray();
    }

    private double[] nan() {
        double[] values = new double[channels];
        Arrays.fill(values, Double.NaN);
        return values;
    }
}
