package dev.dinojvm.plugins.multicrop;

/** The stages a view goes through, in order, as timed by {@link StageTimes}. */
public enum PipelineStage {
    CROP_RESIZE("crop + bicubic resize"),
    FLIP("flip"),
    COLOR_JITTER("colour jitter"),
    GRAYSCALE("grey"),
    BLUR("blur"),
    SOLARIZE("solarise"),
    NORMALIZE("normalise");

    private final String label;

    PipelineStage(String label) {
        this.label = label;
    }

    /** @return the stage's name in tables */
    public String label() {
        return label;
    }
}
