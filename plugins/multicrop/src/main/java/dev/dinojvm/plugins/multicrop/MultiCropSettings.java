package dev.dinojvm.plugins.multicrop;

import dev.dinojvm.api.AugmentationFactory;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.CropLayout;
import java.util.Optional;

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
 * @param pixels what the input images are, their normalisation and the channel dropout
 */
record MultiCropSettings(
        int globalSize,
        int localSize,
        int localCrops,
        double globalScaleMin,
        double globalScaleMax,
        double localScaleMin,
        double localScaleMax,
        ColourSettings colour,
        PixelSettings pixels) {

    /** The official colour steps on 8-bit RGB. */
    MultiCropSettings(int globalSize, int localSize, int localCrops, double globalScaleMin, double globalScaleMax,
            double localScaleMin, double localScaleMax) {
        this(globalSize, localSize, localCrops, globalScaleMin, globalScaleMax, localScaleMin, localScaleMax, ColourSettings.OFFICIAL);
    }

    /** 8-bit RGB normalised with ImageNet's statistics. */
    MultiCropSettings(int globalSize, int localSize, int localCrops, double globalScaleMin, double globalScaleMax,
            double localScaleMin, double localScaleMax, ColourSettings colour) {
        this(globalSize, localSize, localCrops, globalScaleMin, globalScaleMax, localScaleMin, localScaleMax, colour,
                PixelSettings.RGB8_IMAGENET);
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
                        config.getBoolean(ViewStandardization.KEY)),
                pixels(config));
    }

    /**
     * 8-bit RGB unless {@code pixels} says otherwise; ImageNet's statistics for 8-bit RGB unless mean and std
     * are given (the engine gives them for any other images).
     */
    private static PixelSettings pixels(ComponentConfig config) {
        boolean rgb8 = !AugmentationFactory.PIXELS_CHANNELS.equals(config.getString(AugmentationFactory.PIXELS_KEY).orElse(null));
        Optional<String> mean = config.getString(AugmentationFactory.MEAN_KEY);
        Optional<String> std = config.getString(AugmentationFactory.STD_KEY);
        Normalisation normalisation = mean.isPresent() && std.isPresent()
                ? new Normalisation(Normalisation.parse(mean.get()), Normalisation.parse(std.get()))
                : Normalisation.IMAGENET;
        return new PixelSettings(rgb8, normalisation, config.getDouble(MultiCropFactory.CHANNEL_DROPOUT).orElseThrow());
    }

    CropLayout layout() {
        return new CropLayout(GLOBAL_CROPS, globalSize, localCrops, localSize);
    }
}
