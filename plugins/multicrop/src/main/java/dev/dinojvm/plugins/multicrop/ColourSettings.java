package dev.dinojvm.plugins.multicrop;

/**
 * The colour steps of every view: how often the colour jitter and the grey conversion apply, how
 * strong the jitter is, and how the view is normalised.
 *
 * @param jitterProbability probability of the colour jitter (official: 0.8)
 * @param jitterStrength factor on torchvision's ranges of {@link ColorJitter} (official: 1)
 * @param grayscaleProbability probability of the grey conversion (official: 0.2)
 * @param standardizeViews whether each view is standardised on its own ({@link ViewStandardization})
 *     instead of with the ImageNet mean and std (official: no)
 */
record ColourSettings(double jitterProbability, double jitterStrength, double grayscaleProbability, boolean standardizeViews) {

    /** {@code DataAugmentationDINO}'s values. */
    static final ColourSettings OFFICIAL = new ColourSettings(0.8, 1.0, 0.2);

    /** With the ImageNet normalisation. */
    ColourSettings(double jitterProbability, double jitterStrength, double grayscaleProbability) {
        this(jitterProbability, jitterStrength, grayscaleProbability, false);
    }
}
