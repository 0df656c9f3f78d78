package dev.dinojvm.engine.data;

import dev.dinojvm.api.ImageArray;
import dev.dinojvm.engine.data.pixels.ChannelStatistics;
import dev.dinojvm.engine.data.pixels.PixelInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.IntStream;

/**
 * The per-channel mean and standard deviation of a data set's pixels as training sees them ({@link
 * ImageSource#load}: integers scaled to [0, 1] by their bit depth): what views are normalised with when
 * the user gives no mean and std, and what {@code dino data inspect} reports. Images are read in parallel;
 * each image's statistics are merged in index order, so the result does not depend on the thread count.
 */
public final class DataStatistics {

    /**
     * The most images the statistics of a training run read: a set of more is sampled, evenly spaced. Ten
     * thousand images of 64 × 64 pixels estimate a channel's mean and std far closer than normalisation needs.
     */
    public static final int MAX_IMAGES = 10_000;

    private DataStatistics() {}

    /**
     * @param source the images
     * @param maxImages read at most this many, evenly spaced ({@code i · size / maxImages}); 0 for all
     * @return the statistics of the readable images (an unreadable one is left out, as training skips it)
     * @throws PixelInputException when an image is refused as it is (NaN, another kind than the rest)
     */
    public static ChannelStatistics of(ImageSource source, int maxImages) throws PixelInputException {
        int count = maxImages > 0 ? Math.min(maxImages, source.size()) : source.size();
        int channels = source.pixelKind().channels();
        ChannelStatistics[] perImage = new ChannelStatistics[count];
        try {
            IntStream.range(0, count).parallel().forEach(i -> {
                int index = (int) ((long) i * source.size() / count);
                perImage[i] = imageStatistics(source, index, channels);
            });
        } catch (UncheckedIOException e) {
            throw (PixelInputException) e.getCause();
        }
        ChannelStatistics total = new ChannelStatistics(channels);
        for (ChannelStatistics image : perImage) {
            if (image != null) {
                total.merge(image);
            }
        }
        return total;
    }

    /**
     * @param image one image as its source loads it
     * @param channels the channels statistics are kept for: a grey image of RGB data counts as R = G = B
     * @return its statistics
     */
    public static ChannelStatistics of(ImageArray image, int channels) {
        ChannelStatistics statistics = new ChannelStatistics(channels);
        if (image.channels() == channels) {
            statistics.add(channels, image.pixels());
        } else {
            float[] repeated = new float[channels * image.pixels().length];
            for (int c = 0; c < channels; c++) {
                System.arraycopy(image.pixels(), 0, repeated, c * image.pixels().length, image.pixels().length);
            }
            statistics.add(channels, repeated);
        }
        return statistics;
    }

    private static ChannelStatistics imageStatistics(ImageSource source, int index, int channels) {
        try {
            return of(source.load(index), channels);
        } catch (PixelInputException e) {
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * @param values statistics
     * @return the values as the shortest decimal text of each float, comma-separated: how training records
     *     them ({@code dino.augmentation.mean}, {@code std}) and {@code dino data inspect} prints them
     */
    public static String text(double[] values) {
        StringBuilder text = new StringBuilder();
        for (double v : values) {
            text.append(text.length() == 0 ? "" : ",").append(Float.toString((float) v));
        }
        return text.toString();
    }
}
