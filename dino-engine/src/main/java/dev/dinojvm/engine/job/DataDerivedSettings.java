package dev.dinojvm.engine.job;

import dev.dinojvm.api.AugmentationFactory;
import dev.dinojvm.api.BackboneFactory;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.data.DataException;
import dev.dinojvm.engine.data.DataStatistics;
import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.data.pixels.ChannelStatistics;
import dev.dinojvm.engine.data.pixels.PixelInputException;
import dev.dinojvm.engine.data.pixels.PixelKind;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings a run takes from its training images when the user does not give them: the backbone's
 * input channels ({@value BackboneFactory#INPUT_CHANNELS_KEY}), what the augmentation's images are
 * ({@value AugmentationFactory#PIXELS_KEY}) and, for images other than 8-bit RGB, the per-channel mean
 * and std the views are normalised with (the training images' own, {@link DataStatistics}; 8-bit RGB keeps
 * ImageNet's, the augmentation's default). They become part of the run's configuration, recorded in its
 * checkpoints like any other setting; a resumed run takes them from its checkpoint, so they never change on
 * resume. A checkpoint from before a key existed resumes with the key unset (RGB, its only kind then).
 */
public final class DataDerivedSettings {

    /** The source {@code dino config show} and the report name for values taken from the data. */
    public static final String SOURCE = "training data";
    /** The source of values a resumed run takes from its checkpoint. */
    public static final String CHECKPOINT_SOURCE = "checkpoint";

    private DataDerivedSettings() {}

    /**
     * @param settings the validated configuration
     * @param source the training images
     * @param recorded the configuration of the checkpoint a run resumes from, if any
     * @param out where the values taken from the data are said, one line each
     * @return {@code settings} with the values derived from the data set where the user left them unset
     * @throws ConfigException when a value the user set, or the checkpoint recorded, contradicts the data
     */
    public static DinoSettings resolve(DinoSettings settings, ImageSource source, Optional<Map<String, String>> recorded,
            PrintStream out) {
        PixelKind kind = source.pixelKind();
        DinoSettings resolved = inputChannels(settings, kind, recorded);
        resolved = pixels(resolved, kind, recorded);
        return normalisation(resolved, source, recorded, out);
    }

    private static DinoSettings pixels(DinoSettings settings, PixelKind kind, Optional<Map<String, String>> recorded) {
        ComponentConfig augmentation = settings.component(ComponentKind.AUGMENTATION);
        String key = AugmentationFactory.PIXELS_KEY;
        if (!augmentation.declares(key)) {
            return settings;
        }
        String expected = kind.isRgb8() ? AugmentationFactory.PIXELS_RGB8 : AugmentationFactory.PIXELS_CHANNELS;
        Optional<String> stored = recorded.map(config -> config.get(augmentation.path(key)));
        DinoSettings resolved;
        if (augmentation.isSet(key) || (recorded.isPresent() && stored.isEmpty())) {
            resolved = settings;
        } else {
            resolved = settings.withComponentValue(ComponentKind.AUGMENTATION, key, stored.orElse(expected),
                    stored.isPresent() ? CHECKPOINT_SOURCE : SOURCE);
        }
        String value = resolved.component(ComponentKind.AUGMENTATION).getString(key).orElse(AugmentationFactory.PIXELS_RGB8);
        if (!value.equals(expected)) {
            throw new ConfigException(List.of(new ConfigProblem(augmentation.path(key), (augmentation.isSet(key) ? "is " : "was recorded"
                    + " in the checkpoint as ") + value + " but the training images are " + kind.text() + ", which take " + expected)));
        }
        return resolved;
    }

    private static DinoSettings normalisation(DinoSettings settings, ImageSource source, Optional<Map<String, String>> recorded,
            PrintStream out) {
        ComponentConfig augmentation = settings.component(ComponentKind.AUGMENTATION);
        String meanKey = AugmentationFactory.MEAN_KEY;
        String stdKey = AugmentationFactory.STD_KEY;
        if (!augmentation.declares(meanKey) || !augmentation.declares(stdKey)) {
            return settings;
        }
        PixelKind kind = source.pixelKind();
        DinoSettings resolved = settings;
        if (!augmentation.isSet(meanKey) && !augmentation.isSet(stdKey)) {
            Optional<String> storedMean = recorded.map(config -> config.get(augmentation.path(meanKey)));
            Optional<String> storedStd = recorded.map(config -> config.get(augmentation.path(stdKey)));
            if (storedMean.isPresent() && storedStd.isPresent()) {
                resolved = settings.withComponentValue(ComponentKind.AUGMENTATION, meanKey, storedMean.get(), CHECKPOINT_SOURCE)
                        .withComponentValue(ComponentKind.AUGMENTATION, stdKey, storedStd.get(), CHECKPOINT_SOURCE);
            } else if (!kind.isRgb8() && recorded.isEmpty()) {
                ChannelStatistics statistics = statistics(source);
                String mean = DataStatistics.text(statistics.mean());
                String std = DataStatistics.text(statistics.std());
                out.println("Normalising the " + kind.text() + " images with their own per-channel mean " + mean + " and std " + std
                        + " (" + sampleText(source) + "; set " + augmentation.path(meanKey) + " and " + augmentation.path(stdKey)
                        + " to choose others)");
                resolved = settings.withComponentValue(ComponentKind.AUGMENTATION, meanKey, mean, SOURCE)
                        .withComponentValue(ComponentKind.AUGMENTATION, stdKey, std, SOURCE);
            }
        }
        ComponentConfig result = resolved.component(ComponentKind.AUGMENTATION);
        for (String key : List.of(meanKey, stdKey)) {
            Optional<String> value = result.getString(key);
            int count = value.map(v -> v.split(",").length).orElse(0);
            if (value.isPresent() && count != kind.channels()) {
                throw new ConfigException(List.of(new ConfigProblem(result.path(key), "has " + count + (count == 1 ? " value" : " values")
                        + " but the training images are " + kind.text() + ": give one per channel, " + kind.channels() + " in all")));
            }
        }
        return resolved;
    }

    private static ChannelStatistics statistics(ImageSource source) {
        try {
            ChannelStatistics statistics = DataStatistics.of(source, DataStatistics.MAX_IMAGES);
            if (statistics.count() == 0) {
                throw new DataException("none of the " + source.size() + " training images could be read to compute their mean and std");
            }
            return statistics;
        } catch (PixelInputException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static String sampleText(ImageSource source) {
        return source.size() <= DataStatistics.MAX_IMAGES ? "all " + source.size() + " training images"
                : DataStatistics.MAX_IMAGES + " of the " + source.size() + " training images, evenly spaced";
    }

    private static DinoSettings inputChannels(DinoSettings settings, PixelKind kind, Optional<Map<String, String>> recorded) {
        ComponentConfig backbone = settings.component(ComponentKind.BACKBONE);
        String key = BackboneFactory.INPUT_CHANNELS_KEY;
        if (!backbone.declares(key)) {
            return settings;
        }
        Optional<String> stored = recorded.map(config -> config.get(backbone.path(key)));
        DinoSettings resolved;
        if (backbone.isSet(key) || (recorded.isPresent() && stored.isEmpty())) {
            resolved = settings; // a checkpoint from before the key existed is RGB, the backbone's default
        } else {
            resolved = settings.withComponentValue(ComponentKind.BACKBONE, key,
                    stored.orElse(Integer.toString(kind.channels())), stored.isPresent() ? CHECKPOINT_SOURCE : SOURCE);
        }
        int channels = resolved.component(ComponentKind.BACKBONE).getInt(key).orElse(PixelKind.RGB8.channels());
        if (channels != kind.channels()) {
            String origin = backbone.isSet(key) ? "is " : "was recorded in the checkpoint as ";
            throw new ConfigException(List.of(new ConfigProblem(backbone.path(key), origin + channels + " but the training images are "
                    + kind.text() + ", which a model takes as " + kind.channels() + (kind.channels() == 1 ? " channel" : " channels"))));
        }
        return resolved;
    }
}
