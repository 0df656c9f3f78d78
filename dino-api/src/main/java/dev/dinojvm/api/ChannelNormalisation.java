package dev.dinojvm.api;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The per-channel normalisation of a model's inputs, {@code (x - mean[c]) / std[c]}, as torchvision's
 * {@code Normalize}: the one its training views had, which a run records as {@code dino.augmentation.mean}
 * and {@code std} ({@link AugmentationFactory#MEAN_KEY}; ImageNet's for 8-bit RGB, the training images' own
 * statistics otherwise), and the one its inputs get at evaluation.
 *
 * @param mean one value per channel
 * @param std one positive value per channel
 */
public record ChannelNormalisation(float[] mean, float[] std) {

    /** ImageNet's channel statistics, as torchvision's Normalize in the reference. */
    public static final ChannelNormalisation IMAGENET = new ChannelNormalisation(new float[] {0.485f, 0.456f, 0.406f},
            new float[] {0.229f, 0.224f, 0.225f});

    private static final String MEAN = ComponentKind.AUGMENTATION.configPrefix() + "." + AugmentationFactory.MEAN_KEY;
    private static final String STD = ComponentKind.AUGMENTATION.configPrefix() + "." + AugmentationFactory.STD_KEY;

    /** Checks the lengths and the values: finite means, positive finite standard deviations. */
    public ChannelNormalisation {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("mean and std need one value per channel each, got " + mean.length + " and " + std.length);
        }
        for (float m : mean) {
            if (!Float.isFinite(m)) {
                throw new IllegalArgumentException("every mean must be a finite number, got " + Arrays.toString(mean));
            }
        }
        for (float s : std) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("every std must be positive, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * @param config a run's configuration (a checkpoint's, or the settings as properties)
     * @param channels the model's input channels
     * @return the recorded normalisation; ImageNet's for 3 channels when none is recorded
     * @throws IllegalArgumentException when none is recorded for another channel count, or it has another
     */
    public static ChannelNormalisation recorded(Map<String, String> config, int channels) {
        Optional<String> mean = Optional.ofNullable(config.get(MEAN));
        Optional<String> std = Optional.ofNullable(config.get(STD));
        if (mean.isEmpty() || std.isEmpty()) {
            if (channels == 3) {
                return IMAGENET;
            }
            throw new IllegalArgumentException("the run records no " + MEAN + " and " + STD + " for its " + channels
                    + " input channels");
        }
        return of(mean.get(), std.get(), channels, MEAN + " and " + STD);
    }

    /**
     * @param mean comma-separated numbers, e.g. {@code 0.21, 0.33}
     * @param std comma-separated numbers
     * @return the normalisation
     * @throws IllegalArgumentException when a value is not a number, or the values are not valid ones
     */
    public static ChannelNormalisation parse(String mean, String std) {
        try {
            return new ChannelNormalisation(numbers(mean), numbers(std));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("mean and std must be comma-separated numbers, got '" + mean + "' and '" + std + "'");
        }
    }

    /**
     * @param mean comma-separated numbers
     * @param std comma-separated numbers
     * @param channels the model's input channels
     * @param what where they come from, for messages
     * @return the normalisation
     * @throws IllegalArgumentException when a value is not a number or the counts are not {@code channels}
     */
    public static ChannelNormalisation of(String mean, String std, int channels, String what) {
        ChannelNormalisation normalisation;
        try {
            normalisation = parse(mean, std);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage());
        }
        if (normalisation.channels() != channels) {
            throw new IllegalArgumentException(what + " have " + normalisation.channels() + " values but the model takes " + channels
                    + " input channels");
        }
        return normalisation;
    }

    /** @return the number of channels */
    public int channels() {
        return mean.length;
    }

    private static float[] numbers(String text) {
        String[] parts = text.split(",");
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Float.parseFloat(parts[i].trim());
        }
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChannelNormalisation n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std);
    }
}
