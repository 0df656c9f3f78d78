package dev.dinojvm.engine.weights;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.dinojvm.api.Backbone;
import dev.dinojvm.api.BackboneFactory;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.Head;
import dev.dinojvm.api.HeadFactory;
import dev.dinojvm.api.ModelRole;
import dev.dinojvm.engine.eval.NpyFiles;
import dev.dinojvm.engine.eval.TrainedBackbone;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.plugin.PluginSource;
import dev.dinojvm.engine.train.DinoNetwork;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files written by {@code src/test/resources/weights/make_fixtures.py} with PyTorch 1.13: a ViT
 * of dimension 16, depth 2, 2 heads, patch 8, image 32 (a 4x4 grid), and a head 16 → 24 → 24 → 8 → 32.
 */
public final class WeightFixtures {

    static final int DIM = 16;
    static final int IMAGES = 3;
    static final int TOKENS = 17;

    private WeightFixtures() {}

    static Path file(String name) {
        try {
            return Path.of(WeightFixtures.class.getResource("/weights/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static NpyFiles.NpyArray npy(String name) throws IOException {
        return NpyFiles.read(file(name));
    }

    static PluginRegistry registry() {
        return PluginRegistry.load(List.of(PluginSource.classPath(WeightFixtures.class.getClassLoader())), false);
    }

    /** The fixture architecture with some settings changed, e.g. {@code "depth", "3"}. */
    static ComponentConfig vitConfig(BackboneFactory factory, String... overrides) {
        Map<String, String> values = new LinkedHashMap<>(Map.of("arch", "vit_tiny", "embed-dim", "16", "depth", "2",
                "heads", "2", "patch-size", "8", "image-size", "32"));
        for (int i = 0; i < overrides.length; i += 2) {
            values.put(overrides[i], overrides[i + 1]);
        }
        return new ComponentConfig("dino.backbone", factory.configKeys(), values);
    }

    static TrainedBackbone load(PluginRegistry registry, String file, Optional<WeightsFormat> format, String... overrides)
            throws IOException {
        BackboneFactory factory = registry.require(ComponentKind.BACKBONE, "vit", BackboneFactory.class);
        return TrainedBackbone.fromWeights(WeightsFile.read(file(file), format), factory, vitConfig(factory, overrides),
                ChannelAdaptation.forWeights(false), Device.cpu());
    }

    /** Loads a fixture file with the given channel adaptation into the fixture architecture with some settings changed. */
    static TrainedBackbone load(PluginRegistry registry, String file, ChannelAdaptation channels, String... overrides)
            throws IOException {
        BackboneFactory factory = registry.require(ComponentKind.BACKBONE, "vit", BackboneFactory.class);
        return TrainedBackbone.fromWeights(WeightsFile.read(file(file), Optional.empty()), factory, vitConfig(factory, overrides),
                channels, Device.cpu());
    }

    /** A network of the fixture's architecture and head, freshly initialised. */
    static DinoNetwork network(PluginRegistry registry, ModelRole role, NDManager manager) {
        return network(registry, role, manager, 32);
    }

    /**
     * A network of the fixture's backbone with some settings changed ({@link #vitConfig}) and a head with
     * {@code outDim} prototypes, freshly initialised.
     */
    static DinoNetwork network(PluginRegistry registry, ModelRole role, NDManager manager, int outDim, String... backboneOverrides) {
        BackboneFactory backboneFactory = registry.require(ComponentKind.BACKBONE, "vit", BackboneFactory.class);
        HeadFactory headFactory = registry.require(ComponentKind.HEAD, "dino-head", HeadFactory.class);
        Backbone backbone = backboneFactory.create(vitConfig(backboneFactory, backboneOverrides), role);
        Head head = headFactory.create(new ComponentConfig("dino.head", headFactory.configKeys(),
                Map.of("out-dim", String.valueOf(outDim), "hidden-dim", "24", "bottleneck-dim", "8")), backbone.outputDim());
        return new DinoNetwork(backbone, head, manager);
    }

    /** The fixture images {@code (3, 3, 32, 32)}, normalised, as a batch on the given manager. */
    static NDArray images(NDManager manager) throws IOException {
        NpyFiles.NpyArray images = npy("images.npy");
        return manager.create(images.values(), new Shape(images.shape()));
    }

    /** Row {@code index} of values laid out in rows of {@link #DIM}. */
    static float[] row(float[] values, int index) {
        return java.util.Arrays.copyOfRange(values, index * DIM, (index + 1) * DIM);
    }

    /** @return the cosine similarity of two vectors, accumulated in double */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
