package dev.dinojvm.plugins.multicrop;

/**
 * The colour steps of every view: how often the colour jitter and the grey conversion apply, and how
 * strong the jitter is.
 *
 * @param jitterProbability probability of the colour jitter (official: 0.8)
 * @param jitterStrength factor on torchvision's ranges of {@link ColorJitter} (official: 1)
 * @param grayscaleProbability probability of the grey conversion (official: 0.2)
 */
record ColourSettings(double jitterProbability, double jitterStrength, double grayscaleProbability) {

    /** {@code DataAugmentationDINO}'s values. */
    static final ColourSettings OFFICIAL = new ColourSettings(0.8, 1.0, 0.2);
}
