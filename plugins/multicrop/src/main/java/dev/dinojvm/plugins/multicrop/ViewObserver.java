package dev.dinojvm.plugins.multicrop;

/** Hears which random steps a view went through; a test hook, {@link #NONE} in production. */
@FunctionalInterface
interface ViewObserver {

    /** Ignores everything. */
    ViewObserver NONE = (view, step) -> {};

    /**
     * @param view index of the view in the multi-crop (0 and 1 are the global views)
     * @param step the random step that was applied to it
     */
    void applied(int view, ViewStep step);
}
