package dev.dinojvm.plugins.multicrop;

/** The steps of a view that happen only with some probability. */
enum ViewStep {
    FLIP,
    COLOR_JITTER,
    GRAYSCALE,
    BLUR,
    SOLARIZE
}
