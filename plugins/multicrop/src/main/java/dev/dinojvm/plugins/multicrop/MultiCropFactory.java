package dev.dinojvm.plugins.multicrop;

import dev.dinojvm.api.Augmentation;
import dev.dinojvm.api.AugmentationFactory;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ConfigKey;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.api.ValueRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Creates the multi-crop augmentation of the official DINO ({@code DataAugmentationDINO} in
 * facebookresearch/dino {@code main_dino.py}): two global views and {@code local-crops} local views,
 * each a random resized crop followed by flip, colour jitter, grayscale, blur (and solarization on the
 * second global view), then ImageNet normalisation (or, as a setting, per-view standardisation).
 */
public final class MultiCropFactory implements AugmentationFactory {

    static final String GLOBAL_SIZE = "global-size";
    static final String LOCAL_SIZE = "local-size";
    static final String LOCAL_CROPS = "local-crops";
    static final String GLOBAL_SCALE = "global-scale";
    static final String LOCAL_SCALE = "local-scale";
    static final String JITTER_PROBABILITY = "jitter-probability";
    static final String JITTER_STRENGTH = "jitter-strength";
    static final String GRAYSCALE_PROBABILITY = "grayscale-probability";
    static final String CHANNEL_DROPOUT = "channel-dropout";

    private static final ValueRange AREA_FRACTION = ValueRange.greaterThan(0).andAtMost(1);

    private static final List<ConfigKey> KEYS = List.of(
            ConfigKey.integer(GLOBAL_SIZE, 224, "Side in pixels of the two global views.").within(ValueRange.atLeast(1)),
            ConfigKey.integer(LOCAL_SIZE, 96, "Side in pixels of each local view.").within(ValueRange.atLeast(1)),
            ConfigKey.integer(LOCAL_CROPS, 8, "Number of local views per image (0 for global views only).")
                    .within(ValueRange.atLeast(0)),
            ConfigKey.range(GLOBAL_SCALE, "0.4,1.0",
                    "Range of the fraction of the image area a global crop covers before resizing.").within(AREA_FRACTION),
            ConfigKey.range(LOCAL_SCALE, "0.05,0.4",
                    "Range of the fraction of the image area a local crop covers before resizing.").within(AREA_FRACTION),
            ConfigKey.number(JITTER_PROBABILITY, ColourSettings.OFFICIAL.jitterProbability(),
                    "Probability that a view gets the colour jitter.").within(ValueRange.between(0, 1)),
            ConfigKey.number(JITTER_STRENGTH, ColourSettings.OFFICIAL.jitterStrength(),
                    "Multiplies the colour jitter's ranges (brightness 0.4, contrast 0.4, saturation 0.2, hue 0.1 at 1); "
                            + "stronger jitter hides a picture's colour cast and exposure.").within(ValueRange.between(0, 2.5)),
            ConfigKey.number(GRAYSCALE_PROBABILITY, ColourSettings.OFFICIAL.grayscaleProbability(),
                    "Probability that a view is turned grey (8-bit RGB only).").within(ValueRange.between(0, 1)),
            ConfigKey.text(PIXELS_KEY, null, "What the images are: rgb8 (8-bit RGB or grey: the colour steps above) or channels"
                    + " (any channel count and depth: per-channel brightness and contrast jitter, no hue, saturation or grey);"
                    + " taken from the training images when not set.", PIXELS_RGB8, PIXELS_CHANNELS),
            ConfigKey.text(MEAN_KEY, null, "Per-channel mean the views are normalised with, comma-separated; default: ImageNet's for"
                    + " 8-bit RGB, else the training images' own (as dino data inspect reports them)."),
            ConfigKey.text(STD_KEY, null, "Per-channel standard deviation the views are normalised with, comma-separated; defaults as mean."),
            ConfigKey.number(CHANNEL_DROPOUT, 0.0, "Probability that a view of a multi-channel (non-RGB) image has one random channel"
                    + " set to its mean (0 after normalisation).").within(ValueRange.between(0, 1)),
            ConfigKey.bool(ViewStandardization.KEY, false,
                    "Standardise each view (and each evaluation image) by its own per-channel mean and std instead of "
                            + "the mean and std above: removes every picture's exposure, contrast and colour cast (per channel, any channel count)."));

    @Override
    public String name() {
        return "multi-crop";
    }

    @Override
    public String description() {
        return "DINO multi-crop: 2 global and N local random resized crops with flip, colour jitter, "
                + "grayscale, Gaussian blur and solarization, as in the official DataAugmentationDINO.";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return KEYS;
    }

    /**
     * Checks that each scale range is ordered, and that mean and std are given together, as numbers, one
     * per channel each with every std positive; the engine has checked each value against its key.
     */
    @Override
    public List<ConfigProblem> validate(ComponentConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        checkOrdered(config, GLOBAL_SCALE, problems);
        checkOrdered(config, LOCAL_SCALE, problems);
        checkNormalisation(config, problems);
        return problems;
    }

    private static void checkNormalisation(ComponentConfig config, List<ConfigProblem> problems) {
        Optional<String> mean = config.getString(MEAN_KEY);
        Optional<String> std = config.getString(STD_KEY);
        if (mean.isPresent() != std.isPresent()) {
            String missing = mean.isPresent() ? STD_KEY : MEAN_KEY;
            problems.add(new ConfigProblem(config.path(missing), "give mean and std together (one number per channel each)"));
            return;
        }
        if (mean.isEmpty()) {
            return;
        }
        try {
            Normalisation normalisation = new Normalisation(Normalisation.parse(mean.get()), Normalisation.parse(std.get()));
            // Unset, pixels is taken from the data later, which then checks the count against the images' channels.
            boolean rgb8 = PIXELS_RGB8.equals(config.getString(PIXELS_KEY).orElse(null));
            if (rgb8 && normalisation.channels() != 3) {
                problems.add(new ConfigProblem(config.path(MEAN_KEY) + ", " + config.path(STD_KEY), "8-bit RGB views have 3 channels,"
                        + " got " + normalisation.channels() + " values"));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(config.path(MEAN_KEY) + ", " + config.path(STD_KEY),
                    e instanceof NumberFormatException ? "expected comma-separated numbers: " + e.getMessage() : e.getMessage()));
        }
    }

    @Override
    public Augmentation create(ComponentConfig config) {
        return new DinoMultiCrop(MultiCropSettings.from(config));
    }

    private static void checkOrdered(ComponentConfig config, String key, List<ConfigProblem> problems) {
        double[] range = config.getPair(key).orElseThrow();
        if (range[0] > range[1]) {
            problems.add(new ConfigProblem(config.path(key), "must be min,max with min <= max, got " + range[0] + "," + range[1]));
        }
    }
}
