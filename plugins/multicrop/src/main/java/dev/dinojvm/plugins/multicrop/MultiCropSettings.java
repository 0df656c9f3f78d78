package dev.dinojvm.plugins.multicrop;

import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.CropLayout;

/**
 * The validated settings of a multi-crop.
 *
 * @param globalSize side of the global views
 * @param localSize side of the local views
 * @param localCrops number of local views
 * @param globalScaleMin smallest area fraction of a global crop
 * @param globalScaleMax largest area fraction of a global crop
 * @param localScaleMin smallest area fraction of a local crop
 * @param localScaleMax largest area fraction of a local crop
 * @param colour the colour jitter and grey of every view
 */
record MultiCropSettings(
        int globalSize,
        int localSize,
        int localCrops,
        double globalScaleMin,
        double globalScaleMax,
        double localScaleMin,
        double localScaleMax,
        ColourSettings colour) {

    /** The official colour steps. */
    MultiCropSettings(int globalSize, int localSize, int localCrops, double globalScaleMin, double globalScaleMax,
            double localScaleMin, double localScaleMax) {
        this(globalSize, localSize, localCrops, globalScaleMin, globalScaleMax, localScaleMin, localScaleMax, ColourSettings.OFFICIAL);
    }

    /** DINO always takes two global views: the teacher sees only these. */
    static final int GLOBAL_CROPS = 2;

    static MultiCropSettings from(ComponentConfig config) {
        double[] globalScale = config.getPair(MultiCropFactory.GLOBAL_SCALE).orElseThrow();
        double[] localScale = config.getPair(MultiCropFactory.LOCAL_SCALE).orElseThrow();
        return new MultiCropSettings(
                config.getInt(MultiCropFactory.GLOBAL_SIZE).orElseThrow(),
                config.getInt(MultiCropFactory.LOCAL_SIZE).orElseThrow(),
                config.getInt(MultiCropFactory.LOCAL_CROPS).orElseThrow(),
                globalScale[0],
                globalScale[1],
                localScale[0],
                localScale[1],
                new ColourSettings(
                        config.getDouble(MultiCropFactory.JITTER_PROBABILITY).orElseThrow(),
                        config.getDouble(MultiCropFactory.JITTER_STRENGTH).orElseThrow(),
                        config.getDouble(MultiCropFactory.GRAYSCALE_PROBABILITY).orElseThrow(),
                        config.getBoolean(ViewStandardization.KEY)));
    }

    CropLayout layout() {
        return new CropLayout(GLOBAL_CROPS, globalSize, localCrops, localSize);
    }
}
