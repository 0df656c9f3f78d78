package dev.dinojvm.engine.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.dinojvm.api.Backbone;
import dev.dinojvm.api.BackboneFactory;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ModelRole;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.plugin.ContextLoaderSwap;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.train.Checkpoints;
import dev.dinojvm.engine.train.SafetensorsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backbone with trained weights, for evaluation, embedding, export and attention maps: built in
 * {@link ModelRole#EVALUATION} (no stochastic depth) from a training run or from a safetensors file.
 */
public final class TrainedBackbone implements AutoCloseable {

    private static final String PREFIX = ComponentKind.BACKBONE.configPrefix() + ".";

    private final NDManager manager;
    private final Backbone backbone;
    private final ParameterStore parameterStore;
    private final String description;

    private TrainedBackbone(NDManager manager, Backbone backbone, String description) {
        this.manager = manager;
        this.backbone = backbone;
        this.parameterStore = new ParameterStore(manager, false);
        this.description = description;
    }

    /**
     * Loads the teacher's (or student's) backbone of a training run.
     *
     * @param path a run's output directory (its newest checkpoint is used) or one checkpoint directory
     * @param network {@code teacher} or {@code student}
     * @param registry the plugins, for the backbone named in the run's configuration
     * @param device where to run
     * @return the loaded backbone
     * @throws IOException when the checkpoint cannot be read
     */
    public static TrainedBackbone fromCheckpoint(Path path, String network, PluginRegistry registry, Device device)
            throws IOException {
        Path checkpoint = resolveCheckpoint(path);
        Map<String, String> config = Checkpoints.config(checkpoint);
        String type = config.getOrDefault(PREFIX + "type", "vit");
        BackboneFactory factory = registry.require(ComponentKind.BACKBONE, type, BackboneFactory.class);
        Map<String, String> values = new LinkedHashMap<>();
        config.forEach((key, value) -> {
            String local = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : null;
            if (local != null && factory.configKeys().stream().anyMatch(k -> k.name().equals(local))) {
                values.put(local, value);
            }
        });
        ComponentConfig backboneConfig = new ComponentConfig(ComponentKind.BACKBONE.configPrefix(), factory.configKeys(), values);
        Path weights = checkpoint.resolve(network + ".safetensors");
        if (!Files.isRegularFile(weights)) {
            throw new IOException(checkpoint + " has no " + network + ".safetensors (choose teacher or student)");
        }
        return load(factory, backboneConfig, weights, "backbone.", device, network + " of " + checkpoint);
    }

    /**
     * Loads a backbone from a safetensors file with the official parameter names (no prefix).
     *
     * @param weights the file
     * @param factory the backbone component
     * @param backboneConfig the architecture (must match the file)
     * @param device where to run
     * @return the loaded backbone
     * @throws IOException when the file cannot be read
     */
    public static TrainedBackbone fromWeights(Path weights, BackboneFactory factory, ComponentConfig backboneConfig, Device device)
            throws IOException {
        return load(factory, backboneConfig, weights, "", device, weights.toString());
    }

    private static TrainedBackbone load(BackboneFactory factory, ComponentConfig config,
            Path weights, String storedPrefix, Device device, String description) throws IOException {
        Backbone backbone;
        try (ContextLoaderSwap swap = ContextLoaderSwap.of(factory)) {
            List<dev.dinojvm.api.ConfigProblem> problems = config.typeProblems();
            if (problems.isEmpty()) {
                problems = factory.validate(config);
            }
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            backbone = factory.create(config, ModelRole.EVALUATION);
        }
        NDManager manager = NDManager.newBaseManager(device);
        try {
            int size = backbone.imageSize();
            backbone.block().initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
            try (NDManager scope = manager.newSubManager()) {
                Map<String, NDArray> stored = SafetensorsFiles.read(weights, scope);
                Map<String, NDArray> renamed = new LinkedHashMap<>();
                stored.forEach((name, array) -> {
                    if (name.startsWith(storedPrefix)) {
                        renamed.put(name.substring(storedPrefix.length()), array);
                    }
                });
                ParameterList parameters = backbone.block().getParameters();
                try {
                    SafetensorsFiles.load(parameters, "", renamed, weights.getFileName().toString());
                } catch (IllegalStateException e) {
                    throw new IOException(e.getMessage() + " (does the architecture match the weights?)", e);
                }
                for (Pair<String, Parameter> p : parameters) {
                    p.getValue().getArray().setRequiresGradient(false);
                }
            }
            return new TrainedBackbone(manager, backbone, description);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * @param path a run directory or a checkpoint directory
     * @return the checkpoint directory to read
     * @throws IOException when there is none
     */
    public static Path resolveCheckpoint(Path path) throws IOException {
        if (Files.isRegularFile(path.resolve("state.json"))) {
            return path;
        }
        return new Checkpoints(path, Integer.MAX_VALUE).latest()
                .orElseThrow(() -> new IOException(path + " is neither a checkpoint nor a run directory with checkpoints"));
    }

    /**
     * @param images {@code (B, 3, S, S)} on this backbone's device, normalised
     * @return features {@code (B, D)}, in the images' manager
     */
    public NDArray features(NDArray images) {
        return backbone.block().forward(parameterStore, new NDList(images), false).singletonOrThrow();
    }

    /** @return the backbone (its block holds the loaded weights) */
    public Backbone backbone() {
        return backbone;
    }

    /** @return the manager holding the weights, on the chosen device */
    public NDManager manager() {
        return manager;
    }

    /** @return the parameter store for calling the block directly */
    public ParameterStore parameterStore() {
        return parameterStore;
    }

    /** @return where the weights came from */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        manager.close();
    }
}
