package dev.dinojvm.plugins.multicrop;

import dev.dinojvm.api.Augmentation;
import dev.dinojvm.api.ImageArray;
import dev.dinojvm.api.ImageBytes;
import dev.dinojvm.api.MultiCropViews;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Runs the multi-crop while adding up the time of each {@link PipelineStage}, for {@code dino bench
 * --stages}. The views are those {@link Augmentation#apply} returns for the same draws. Not thread-safe.
 */
public final class StageTimes {

    private final DinoMultiCrop multiCrop;
    private final long[] nanos = new long[PipelineStage.values().length];

    private StageTimes(DinoMultiCrop multiCrop) {
        this.multiCrop = multiCrop;
    }

    /** @return a timer for the augmentation when it is this plugin's multi-crop, else empty */
    public static Optional<StageTimes> of(Augmentation augmentation) {
        return augmentation instanceof DinoMultiCrop multiCrop ? Optional.of(new StageTimes(multiCrop)) : Optional.empty();
    }

    /** Augments one image, adding each stage's time to the totals. */
    public MultiCropViews apply(ImageArray image, RandomGenerator random) {
        return multiCrop.apply(image, random, clock());
    }

    /** Augments one 8-bit image, adding each stage's time to the totals. */
    public MultiCropViews apply(ImageBytes image, RandomGenerator random) {
        return multiCrop.apply(image, random, clock());
    }

    /** A clock whose laps start now. */
    private StageClock clock() {
        long[] last = {System.nanoTime()};
        return stage -> {
            long now = System.nanoTime();
            nanos[stage.ordinal()] += now - last[0];
            last[0] = now;
        };
    }

    /** @return the total time of the stage so far, in nanoseconds */
    public long nanos(PipelineStage stage) {
        return nanos[stage.ordinal()];
    }

    /** Sets every total back to zero (after a warm-up). */
    public void reset() {
        java.util.Arrays.fill(nanos, 0);
    }
}
