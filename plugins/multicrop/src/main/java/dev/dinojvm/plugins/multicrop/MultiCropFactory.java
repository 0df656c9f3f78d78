package dev.dinojvm.plugins.multicrop;

import dev.dinojvm.api.Augmentation;
import dev.dinojvm.api.AugmentationFactory;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ConfigKey;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.api.ValueRange;
import java.util.ArrayList;
import java.util.List;

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
                    "Probability that a view is turned grey.").within(ValueRange.between(0, 1)),
            ConfigKey.bool(ViewStandardization.KEY, false,
                    "Standardise each view (and each evaluation image) by its own per-channel mean and std instead of "
                            + "ImageNet's: removes every picture's exposure, contrast and colour cast."));

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

    /** Checks that each scale range is ordered; the engine has checked each number against its key. */
    @Override
    public List<ConfigProblem> validate(ComponentConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        checkOrdered(config, GLOBAL_SCALE, problems);
        checkOrdered(config, LOCAL_SCALE, problems);
        return problems;
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
