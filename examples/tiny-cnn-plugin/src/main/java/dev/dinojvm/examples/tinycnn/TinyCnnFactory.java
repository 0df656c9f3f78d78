package dev.dinojvm.examples.tinycnn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.dinojvm.api.Backbone;
import dev.dinojvm.api.BackboneFactory;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ConfigKey;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.api.ModelRole;
import dev.dinojvm.api.ValueRange;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

/**
 * The {@code tiny-cnn} backbone: per stage a 3x3 convolution, ReLU and 2x2 max-pooling, then global
 * average pooling and a linear layer to {@code out-dim} features. Global average pooling makes it
 * accept the global and the local crops of a multi-crop alike.
 *
 * <p>Its {@code channels} setting is a JSON array read with the plugin's own Gson, a library the
 * engine also uses in another version.
 */
public final class TinyCnnFactory implements BackboneFactory {

    static final String CHANNELS = "channels";
    static final String OUT_DIM = "out-dim";
    static final String IMAGE_SIZE = "image-size";

    @Override
    public String name() {
        return "tiny-cnn";
    }

    @Override
    public String description() {
        return "A small convolutional backbone (3x3 conv + ReLU + 2x2 max-pool per stage, global average pool, linear);"
                + " its settings are read with Gson " + gsonVersion() + ".";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.text(CHANNELS, "[16,32]", "Output channels of each convolution stage, as a JSON array."),
                ConfigKey.integer(OUT_DIM, 64, "Feature dimension the backbone outputs.").within(ValueRange.atLeast(1)),
                ConfigKey.integer(IMAGE_SIZE, 224, "Side of the images the backbone is built for (set it to the global crop size).")
                        .within(ValueRange.atLeast(1)));
    }

    /**
     * The engine has checked each value against its key (type, range); what is left is the JSON of
     * {@code channels} and how it bounds {@code image-size}.
     */
    @Override
    public List<ConfigProblem> validate(ComponentConfig config) {
        int[] channels;
        try {
            channels = parseChannels(config.getString(CHANNELS).orElseThrow());
        } catch (IllegalArgumentException e) {
            return List.of(new ConfigProblem(config.path(CHANNELS), e.getMessage()));
        }
        int imageSize = config.getInt(IMAGE_SIZE).orElseThrow();
        if (imageSize < (1 << channels.length)) {
            return List.of(new ConfigProblem(config.path(IMAGE_SIZE), "must be at least " + (1 << channels.length)
                    + " for " + channels.length + " stages of 2x2 pooling, got " + imageSize));
        }
        return List.of();
    }

    @Override
    public Backbone create(ComponentConfig config, ModelRole role) {
        int[] channels = parseChannels(config.getString(CHANNELS).orElseThrow());
        int outDim = config.getInt(OUT_DIM).orElseThrow();
        int imageSize = config.getInt(IMAGE_SIZE).orElseThrow();
        // Stderr, so that users (and the integration test) see which Gson the plugin runs with.
        System.err.println("tiny-cnn: channels " + java.util.Arrays.toString(channels) + " read with Gson " + gsonVersion());
        SequentialBlock block = new SequentialBlock();
        for (int width : channels) {
            block.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(width).build())
                    .add(Activation.reluBlock())
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        block.add(Pool.globalAvgPool2dBlock()).add(Linear.builder().setUnits(outDim).build());
        return new TinyCnnBackbone(block, outDim, imageSize);
    }

    /**
     * @param text a JSON array of positive integers, e.g. {@code [16,32]}
     * @return the integers
     * @throws IllegalArgumentException saying what is expected
     */
    static int[] parseChannels(String text) {
        int[] channels;
        try {
            channels = new Gson().fromJson(text, int[].class);
        } catch (JsonParseException | NumberFormatException e) {
            channels = null;
        }
        if (channels == null || channels.length == 0 || java.util.Arrays.stream(channels).anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("expected a JSON array of positive integers such as [16,32], got '" + text + "'");
        }
        return channels;
    }

    /** @return the version of the Gson this plugin's class loader gives it, from the Gson jar's Maven metadata */
    static String gsonVersion() {
        try (InputStream in = Gson.class.getResourceAsStream("/META-INF/maven/com.google.code.gson/gson/pom.properties")) {
            if (in == null) {
                return "(unknown version)";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version)";
        }
    }
}
