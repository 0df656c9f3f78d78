package dev.dinojvm.engine.weights;

import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import java.util.List;

/**
 * How a file's patch embedding over one input channel count meets a model over another: an RGB
 * (3-channel) embedding is adapted by {@link InputConvAdaptation} when the user allowed it, and refused
 * otherwise, with a one-line message naming both counts and how to allow it.
 *
 * @param allowed whether an RGB patch embedding may be adapted
 * @param channelsSetting what sets the model's channel count, named by the refusal (e.g. {@code dino.backbone.in-chans})
 * @param allowWith what allows the adaptation, for the refusal (e.g. {@code --adapt-channels})
 */
public record ChannelAdaptation(boolean allowed, String channelsSetting, String allowWith) {

    /** The patch embedding's convolution weight {@code (D, C, P, P)}, under the official names. */
    public static final String PATCH_WEIGHT = "patch_embed.proj.weight";

    /**
     * @param allowed {@code dino.train.init-adapt-channels}
     * @return the form of {@code dino train --init-from}
     */
    public static ChannelAdaptation forTraining(boolean allowed) {
        return new ChannelAdaptation(allowed, "dino.backbone.in-chans", "set dino.train.init-adapt-channels=true (--adapt-channels)");
    }

    /**
     * @param allowed {@code --adapt-channels}
     * @return the form of the commands that take {@code --weights}
     */
    public static ChannelAdaptation forWeights(boolean allowed) {
        return new ChannelAdaptation(allowed, "--in-chans", "give --adapt-channels");
    }

    /**
     * @param stored the file's patch-embedding weight
     * @param expected the model's shape for it
     * @param file the file's name, for messages
     * @param notes told of an adaptation, in one sentence
     * @return the adapted weight; {@code null} when the shapes differ in more than the input channels
     * @throws ConfigException when they differ only in the channels and the file's cannot or may not be adapted
     */
    WeightTensor fit(WeightTensor stored, long[] expected, String file, List<String> notes) {
        long[] shape = stored.shape();
        if (shape.length != 4 || expected.length != 4 || shape[0] != expected[0] || shape[2] != expected[2] || shape[3] != expected[3]) {
            return null;
        }
        int fileChannels = (int) shape[1];
        int modelChannels = (int) expected[1];
        require(file, fileChannels, modelChannels);
        notes.add("adapted the RGB patch embedding of " + file + " to " + modelChannels + " input channels by timm's"
                + " adapt_input_conv rule (" + (modelChannels == 1 ? "summed over red, green and blue" : "RGB repeated, times 3/" + modelChannels) + ")");
        return InputConvAdaptation.adapt(stored, modelChannels);
    }

    /**
     * @param file the weights file's name, for the message
     * @param fileChannels its patch embedding's input channels
     * @param modelChannels the model's
     * @throws ConfigException when they differ and the file's cannot or may not be adapted
     */
    void require(String file, int fileChannels, int modelChannels) {
        if (fileChannels != modelChannels && !(fileChannels == 3 && allowed)) {
            throw new ConfigException(List.of(new ConfigProblem(channelsSetting, refusal(file, fileChannels, modelChannels))));
        }
    }

    /**
     * @param file the weights file's name
     * @param fileChannels its patch embedding's input channels
     * @param modelChannels the model's
     * @return why they cannot meet, and what to do, in one line
     */
    String refusal(String file, int fileChannels, int modelChannels) {
        String counts = "the model has " + modelChannels + " input channel" + (modelChannels == 1 ? "" : "s") + " but " + file + " has "
                + fileChannels;
        return fileChannels == 3
                ? counts + "; " + allowWith + " to adapt its RGB patch embedding (timm's adapt_input_conv rule)"
                : counts + "; only RGB (3-channel) weights can be adapted to another channel count: use " + fileChannels
                        + " input channels or other weights";
    }
}
