package dev.dinojvm.api;

/** The extension points of the SPI, each with the configuration prefix its settings live under. */
public enum ComponentKind {
    /** {@link AugmentationFactory}: settings under {@code dino.augmentation}. */
    AUGMENTATION("augmentation", "dino.augmentation"),
    /** {@link BackboneFactory}: settings under {@code dino.backbone}. */
    BACKBONE("backbone", "dino.backbone"),
    /** {@link HeadFactory}: settings under {@code dino.head}. */
    HEAD("head", "dino.head"),
    /** {@link TeacherUpdateFactory}: settings under {@code dino.teacher}. */
    TEACHER_UPDATE("teacher-update", "dino.teacher"),
    /** {@link ObjectiveFactory} (since SPI 1.5): settings under {@code dino.objective}. */
    OBJECTIVE("objective", "dino.objective");

    private final String label;
    private final String configPrefix;

    ComponentKind(String label, String configPrefix) {
        this.label = label;
        this.configPrefix = configPrefix;
    }

    /** @return a short lower-case label for listings */
    public String label() {
        return label;
    }

    /**
     * @return the configuration prefix: the component is chosen by {@code <prefix>.type} and its own
     *     keys are {@code <prefix>.<key>}
     */
    public String configPrefix() {
        return configPrefix;
    }
}
