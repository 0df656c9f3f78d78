package dev.dinojvm.api;

/**
 * The version of this SPI, {@code major.minor}.
 *
 * <p>The engine accepts a plugin built for the same major version and a minor version no newer than
 * its own: minor versions only add (new default methods, new optional types), major versions break.
 *
 * <ul>
 *   <li>1.0: the four extension points (augmentation, backbone, head, teacher update).
 *   <li>1.1: {@link AttentionMaps}, which a backbone may implement.
 *   <li>1.2: {@link ValueRange} on {@link ConfigKey}; the engine checks every value against its key
 *       (type, choices, range) before {@link Component#validate}, whose default now finds nothing;
 *       {@link PatchTokens}, which a backbone may implement.
 *   <li>1.3: {@link ConfigKey#resumable}: a key declares whether a run may resume with another value
 *       ({@link ConfigKey#mayChangeOnResume}); keys of earlier plugins may not.
 *       {@link PluginDescriptor}, a base for plugin entry points that only name their components.
 *   <li>1.4: {@link MaskedTokens}, which a backbone may implement (iBOT's masked patches).
 *       Images of any channel count: {@link Backbone#inputChannels()} and
 *       {@link BackboneFactory#INPUT_CHANNELS_KEY}; {@link AugmentationFactory#PIXELS_KEY},
 *       {@link AugmentationFactory#MEAN_KEY} and {@link AugmentationFactory#STD_KEY}, which the engine
 *       fills from the training images when a component declares them without a default;
 *       {@link ComponentConfig#declares} and {@link ComponentConfig#with}.
 *   <li>1.5: the objective extension point, {@link ObjectiveFactory} ({@code dino.objective.type}): {@link Objective},
 *       {@link ObjectiveSetup}, {@link ObjectiveBatch}, {@link ObjectiveOutput}, {@link StatisticSums},
 *       {@link BatchSums}, {@link PatchMasks}. {@link ImageBytes} and {@link Augmentation#apply(ImageBytes, java.util.random.RandomGenerator)}:
 *       images stored as 8-bit samples reach the augmentation as such; the default converts them to an
 *       {@link ImageArray} for {@link Augmentation#apply(ImageArray, java.util.random.RandomGenerator)}.
 * </ul>
 *
 * <p>The {@code Dino-Spi-Version} entry of the dino-api jar's manifest states the same version.
 */
public final class SpiVersion {
    /** Incremented on a change that breaks plugins built for an earlier version. */
    public static final int MAJOR = 1;
    /** Incremented on a backward-compatible addition. */
    public static final int MINOR = 5;
    /** {@code MAJOR.MINOR}, the value plugins return from {@link DinoPlugin#spiVersion()}. */
    public static final String CURRENT = MAJOR + "." + MINOR;

    private SpiVersion() {}

    /**
     * Explains why a plugin built for {@code pluginSpiVersion} cannot run on this SPI.
     *
     * @param pluginSpiVersion what the plugin declared, {@code major.minor}
     * @return {@code null} when compatible, otherwise a sentence saying what is wrong
     */
    public static String incompatibility(String pluginSpiVersion) {
        if (pluginSpiVersion == null || !pluginSpiVersion.matches("\\d+\\.\\d+")) {
            return "declares SPI version '" + pluginSpiVersion + "', which is not of the form major.minor";
        }
        String[] parts = pluginSpiVersion.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        if (major != MAJOR) {
            return "was built for SPI " + pluginSpiVersion + " but this engine implements SPI " + CURRENT
                    + " (major versions must match)";
        }
        if (minor > MINOR) {
            return "was built for SPI " + pluginSpiVersion + ", newer than this engine's SPI " + CURRENT;
        }
        return null;
    }
}
