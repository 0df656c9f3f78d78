package dev.dinojvm.engine.job;

import dev.dinojvm.api.BackboneFactory;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.data.pixels.PixelKind;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings a run takes from its training images when the user does not give them: the backbone's
 * input channels ({@value BackboneFactory#INPUT_CHANNELS_KEY}). They become part of the run's
 * configuration, recorded in its checkpoints like any other setting; a resumed run takes them from its
 * checkpoint, so they never change on resume.
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
        return inputChannels(settings, kind, recorded);
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
