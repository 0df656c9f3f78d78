package dev.dinojvm.engine.visual;

import dev.dinojvm.api.ImageArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which channels of an image a figure shows, and how: one channel as grey, or three as a false-colour
 * composite (the first shown as red, the second as green, the third as blue). By default an image of three
 * or more channels shows its first three, an image of one or two its first, in grey.
 *
 * <p>An image whose values are all 8-bit levels (multiples of 1/255: PNG, JPEG, 8-bit TIFF) is shown as it
 * is. Any other (16-bit, float) is stretched per shown channel, so that the channel's 1st percentile over the
 * whole image is black and its 99th white (percentiles interpolated linearly, as {@code numpy.percentile}):
 * a 12-bit microscope image in a 16-bit file would otherwise be nearly black.
 *
 * @param channels the chosen channel indices, one or three; empty for the default
 */
public record ChannelDisplay(List<Integer> channels) {

    /** The first three channels, or the first in grey for images of fewer than three. */
    public static final ChannelDisplay DEFAULT = new ChannelDisplay(List.of());
    static final double LOW_PERCENTILE = 1;
    static final double HIGH_PERCENTILE = 99;
    private static final String FORM = "one channel index (grey) or three (red, green, blue), comma-separated, e.g. 0,1,2";

    /** Checks the count and the indices. */
    public ChannelDisplay {
        channels = List.copyOf(channels);
        if (channels.size() == 2 || channels.size() > 3 || channels.stream().anyMatch(c -> c < 0)) {
            throw new IllegalArgumentException("expects " + FORM + ", got " + channels);
        }
    }

    /**
     * @param text empty for the default, or e.g. {@code 2} or {@code 0,1,2}
     * @return the display
     * @throws IllegalArgumentException when the text is not one or three non-negative integers
     */
    public static ChannelDisplay parse(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        List<Integer> channels = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            try {
                channels.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expects " + FORM + ", got '" + text + "'");
            }
        }
        try {
            return new ChannelDisplay(channels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expects " + FORM + ", got '" + text + "'");
        }
    }

    /**
     * @param imageChannels the channels of the images shown
     * @return the indices shown: one (grey) or three (red, green, blue)
     * @throws IllegalArgumentException when a chosen index is not among the images' channels
     */
    public List<Integer> shown(int imageChannels) {
        if (channels.isEmpty()) {
            return imageChannels >= 3 ? List.of(0, 1, 2) : List.of(0);
        }
        for (int c : channels) {
            if (c >= imageChannels) {
                throw new IllegalArgumentException("channel " + c + " is not among the images' " + imageChannels + " channel"
                        + (imageChannels == 1 ? " (0)" : "s (0 to " + (imageChannels - 1) + ")"));
            }
        }
        return channels;
    }

    /**
     * @param imageChannels the channels of the images shown
     * @return e.g. {@code channels 3, 1, 0 as red, green, blue} or {@code channel 2 in grey}, for captions
     */
    public String describe(int imageChannels) {
        List<Integer> shown = shown(imageChannels);
        return shown.size() == 1 ? "channel " + shown.get(0) + " in grey"
                : "channels " + shown.get(0) + ", " + shown.get(1) + ", " + shown.get(2) + " as red, green, blue";
    }

    /**
     * @param original the image as read, whose values decide the stretch
     * @param part the part shown (e.g. the model's crop of {@code original}), with the same channels
     * @return {@code part} as three channels in [0, 1] (equal for grey), planar
     * @throws IllegalArgumentException when a chosen channel is not among the image's
     */
    public ImageArray rgb(ImageArray original, ImageArray part) {
        if (original.channels() != part.channels()) {
            throw new IllegalArgumentException("the part shown has " + part.channels() + " channels, the image " + original.channels());
        }
        List<Integer> shown = shown(original.channels());
        boolean stretch = !eightBit(original);
        int plane = part.height() * part.width();
        float[] out = new float[3 * plane];
        for (int i = 0; i < 3; i++) {
            int channel = shown.get(shown.size() == 1 ? 0 : i);
            float low = 0;
            float high = 1;
            if (stretch) {
                float[] sorted = Arrays.copyOfRange(original.pixels(), channel * original.height() * original.width(),
                        (channel + 1) * original.height() * original.width());
                Arrays.sort(sorted);
                low = percentile(sorted, LOW_PERCENTILE);
                high = percentile(sorted, HIGH_PERCENTILE);
            }
            float span = high - low;
            for (int p = 0; p < plane; p++) {
                float value = span > 0 ? (part.pixels()[channel * plane + p] - low) / span : 0;
                out[i * plane + p] = Math.max(0, Math.min(1, value));
            }
        }
        return new ImageArray(3, part.height(), part.width(), out);
    }

    /** numpy's default (linear) percentile of sorted values. */
    static float percentile(float[] sorted, double percent) {
        double position = percent / 100 * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return (float) (sorted[below] + (sorted[above] - sorted[below]) * (position - below));
    }

    /** Whether every value is an 8-bit level k / 255 in [0, 1]. */
    static boolean eightBit(ImageArray image) {
        for (float v : image.pixels()) {
            double level = v * 255.0;
            if (!(v >= 0 && v <= 1) || Math.abs(level - Math.rint(level)) > 1e-3) {
                return false;
            }
        }
        return true;
    }
}
