package dev.dinojvm.plugins.multicrop;

/** Told when each stage of a view ends; {@link #NONE} in training, a timer in {@link StageTimes}. */
@FunctionalInterface
interface StageClock {

    StageClock NONE = stage -> {};

    void lap(PipelineStage stage);
}
