package dev.dinojvm.engine.eval;

import dev.dinojvm.api.AugmentationFactory;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.plugins.multicrop.ViewStandardization;
import java.util.Arrays;
import java.util.Map;

/**
 * How a model's input images are normalised: the per-channel mean and std its training views were
 * normalised with, and whether they are RGB (grey images repeated to three channels) or keep their channels.
 * Evaluation, embedding and the maps of a run use its training's normalisation, read from its configuration.
 *
 * @param mean one value per channel
 * @param std one value per channel
 * @param rgb whether the images are 8-bit RGB (a grey image's channel is repeated)
 * @param standardize whether each image is instead standardised per channel by its own mean and std
 *     ({@value #STANDARDIZE_KEY}); {@code mean} and {@code std} are then not used
 */
public record InputNormalisation(float[] mean, float[] std, boolean rgb, boolean standardize) {

    /** The run setting that replaces the mean and std by each image's own ({@code ViewStandardization}). */
    public static final String STANDARDIZE_KEY = "dino.augmentation." + ViewStandardization.KEY;

    /** ImageNet channel means, as torchvision's Normalize in the reference. */
    static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    /** ImageNet channel standard deviations. */
    static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    /** 8-bit RGB with ImageNet's statistics: the official DINO code's, and every run's before other images were read. */
    public static final InputNormalisation IMAGENET_RGB = new InputNormalisation(IMAGENET_MEAN, IMAGENET_STD, true);

    /**
     * @param mean one value per channel
     * @param std one value per channel
     * @param rgb whether the images are 8-bit RGB (a grey image's channel is repeated)
     */
    public InputNormalisation(float[] mean, float[] std, boolean rgb) {
        this(mean, std, rgb, false);
    }

    private static final String PREFIX = ComponentKind.AUGMENTATION.configPrefix() + ".";

    /** Checks the lengths. */
    public InputNormalisation {
        if (mean.length == 0 || mean.length != std.length || rgb && mean.length != 3) {
            throw new IllegalArgumentException("mean and std need one value per channel (3 for RGB), got " + mean.length + " and " + std.length);
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * @param config a run's configuration, as its checkpoints record it
     * @return the normalisation its augmentation used: its {@code mean}, {@code std} and {@code pixels},
     *     ImageNet's RGB where they are not recorded
     */
    public static InputNormalisation fromConfig(Map<String, String> config) {
        InputNormalisation recorded = recorded(config);
        boolean standardize = Boolean.parseBoolean(config.getOrDefault(STANDARDIZE_KEY, "false").trim());
        return standardize ? new InputNormalisation(recorded.mean, recorded.std, recorded.rgb, true) : recorded;
    }

    private static InputNormalisation recorded(Map<String, String> config) {
        boolean rgb = !AugmentationFactory.PIXELS_CHANNELS.equals(config.get(PREFIX + AugmentationFactory.PIXELS_KEY));
        String mean = config.get(PREFIX + AugmentationFactory.MEAN_KEY);
        String std = config.get(PREFIX + AugmentationFactory.STD_KEY);
        if (mean == null || std == null) {
            if (!rgb) {
                throw new IllegalArgumentException("the configuration has " + PREFIX + AugmentationFactory.PIXELS_KEY + "="
                        + AugmentationFactory.PIXELS_CHANNELS + " but no " + PREFIX + "mean and std");
            }
            return IMAGENET_RGB;
        }
        return parse(mean, std, rgb);
    }

    /**
     * @param mean comma-separated numbers, one per channel
     * @param std comma-separated numbers, one per channel
     * @param rgb whether the images are 8-bit RGB (a grey image's channel is repeated)
     * @return the normalisation
     * @throws IllegalArgumentException when a value is not a number or the counts differ
     */
    public static InputNormalisation parse(String mean, String std, boolean rgb) {
        return new InputNormalisation(numbers(mean), numbers(std), rgb);
    }

    /** @return the channels of the normalised images */
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
        return other instanceof InputNormalisation n && rgb == n.rgb && standardize == n.standardize && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return ((31 * Arrays.hashCode(mean) + Arrays.hashCode(std)) * 2 + (rgb ? 1 : 0)) * 2 + (standardize ? 1 : 0);
    }

    @Override
    public String toString() {
        return "InputNormalisation[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ", rgb=" + rgb + ", standardize=" + standardize + "]";
    }
}
