package dev.dinojvm.plugins.multicrop;

/** The steps of a view that happen only with some probability. */
enum ViewStep {
    FLIP,
    COLOR_JITTER,
    GRAYSCALE,
    BLUR,
    SOLARIZE,
    /** One channel of a multi-channel view set to 0 (its mean) after normalisation. */
    CHANNEL_DROPOUT
}
