package dev.dinojvm.engine.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
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
import dev.dinojvm.api.PatchTokens;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.plugin.ContextLoaderSwap;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.train.Checkpoints;
import dev.dinojvm.engine.weights.LoadReport;
import dev.dinojvm.engine.weights.ModelWeights;
import dev.dinojvm.engine.weights.WeightsFile;
import dev.dinojvm.engine.weights.WeightsFormat;
import dev.dinojvm.engine.weights.WeightsLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A backbone with trained weights, for evaluation, embedding, export and attention maps: built in
 * {@link ModelRole#EVALUATION} (no stochastic depth) from a training run or from any weights file {@link WeightsFile} reads.
 */
public final class TrainedBackbone implements AutoCloseable {

    private static final String PREFIX = ComponentKind.BACKBONE.configPrefix() + ".";

    private final NDManager manager;
    private final Backbone backbone;
    private final ParameterStore parameterStore;
    private final String component;
    private final String description;
    private final List<String> notes;
    private final boolean standardizesInputs;

    private TrainedBackbone(NDManager manager, Backbone backbone, String component, String description, List<String> notes,
            boolean standardizesInputs) {
        this.standardizesInputs = standardizesInputs;
        this.manager = manager;
        this.backbone = backbone;
        this.component = component;
        this.parameterStore = new ParameterStore(manager, false);
        this.description = description;
        this.notes = List.copyOf(notes);
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
        ModelWeights stored = WeightsFile.read(weights, Optional.of(WeightsFormat.DINO_JVM));
        return load(factory, backboneConfig, stored, device, network + " of " + checkpoint, EvalTransform.standardizes(config));
    }

    /**
     * Loads a backbone from any weights file {@link WeightsFile} reads, its layout recognised from its content.
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
        return fromWeights(WeightsFile.read(weights, Optional.empty()), factory, backboneConfig, device);
    }

    /**
     * Loads a backbone from weights already read, strictly: every parameter present with its shape, no
     * tensor left over (a positional embedding for another grid is resampled).
     *
     * @param weights the file's tensors
     * @param factory the backbone component
     * @param backboneConfig the architecture (must match the file)
     * @param device where to run
     * @return the loaded backbone
     * @throws IOException when the weights do not fit the architecture
     */
    public static TrainedBackbone fromWeights(ModelWeights weights, BackboneFactory factory, ComponentConfig backboneConfig,
            Device device) throws IOException {
        return load(factory, backboneConfig, weights, device, weights.file().toString(), false);
    }

    /**
     * A backbone at its random initialisation, for measuring speed where no trained weights are at hand.
     *
     * @param factory the backbone component
     * @param config its architecture
     * @param device where to run
     * @return the backbone, its weights as the plugin initialises them
     */
    public static TrainedBackbone randomlyInitialised(BackboneFactory factory, ComponentConfig config, Device device) {
        try {
            return load(factory, config, null, device, "randomly initialised " + factory.name(), false);
        } catch (IOException e) {
            throw new IllegalStateException("no file is read", e);
        }
    }

    /** Builds the backbone in evaluation mode and loads the weights, or keeps its initialisation where there are none. */
    private static TrainedBackbone load(BackboneFactory factory, ComponentConfig config,
            ModelWeights weights, Device device, String description, boolean standardizesInputs) throws IOException {
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
            ParameterList parameters = backbone.block().getParameters();
            List<String> notes = new ArrayList<>();
            if (weights != null) {
                LoadReport report = WeightsLoader.load(parameters, "", weights.backbone(), true,
                        weights.file().getFileName().toString(), " (does the architecture match the weights?)");
                notes.addAll(weights.notes());
                notes.addAll(report.notes());
            }
            for (Pair<String, Parameter> p : parameters) {
                p.getValue().getArray().setRequiresGradient(false);
            }
            return new TrainedBackbone(manager, backbone, factory.name(), description, notes, standardizesInputs);
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
     * @return the k-NN, embedding and attention preprocessing at the model's image size, with the per-image
     *     standardisation when the run trained with it ({@link EvalTransform#STANDARDIZE_KEY})
     */
    public EvalTransform evalTransform() {
        return new EvalTransform(backbone.imageSize(), standardizesInputs);
    }

    /** @return the linear probe's preprocessing ({@link EvalTransform#linearProbe}) for this model */
    public EvalTransform linearProbeTransform() {
        return EvalTransform.linearProbe(backbone.imageSize(), standardizesInputs);
    }

    /**
     * @param images {@code (B, 3, S, S)} on this backbone's device, normalised
     * @return features {@code (B, D)}, in the images' manager
     */
    public NDArray features(NDArray images) {
        return backbone.block().forward(parameterStore, new NDList(images), false).singletonOrThrow();
    }

    /**
     * @param images {@code (B, 3, S, S)} on this backbone's device, normalised
     * @return {@code (B, 1 + P, D)}: the CLS token then the patch tokens, in the images' manager
     * @throws UnsupportedOperationException when the backbone does not offer its tokens
     */
    public NDArray tokens(NDArray images) {
        return tokenCapability().tokens(parameterStore, images);
    }

    /**
     * @param images {@code (B, 3, S, S)} on this backbone's device, normalised
     * @return {@code (B, P · D)}: each image's patch tokens (without the CLS token) as one row, in the images' manager
     * @throws UnsupportedOperationException when the backbone does not offer its tokens
     */
    public NDArray patchTokenRows(NDArray images) {
        NDArray patches = tokens(images).get(new NDIndex(":, 1:, :"));
        return patches.reshape(patches.getShape().get(0), -1);
    }

    /**
     * @return the backbone's token capability
     * @throws UnsupportedOperationException when its plugin does not implement {@link PatchTokens}
     */
    public PatchTokens tokenCapability() {
        if (backbone instanceof PatchTokens tokens) {
            return tokens;
        }
        throw new UnsupportedOperationException("the backbone of " + description + " (" + backbone.getClass().getSimpleName()
                + ") does not offer patch tokens: its plugin does not implement dev.dinojvm.api.PatchTokens");
    }

    /** @return this backbone run by libtorch, as a {@link FeatureNetwork} whose close leaves the weights loaded */
    public FeatureNetwork libtorchNetwork() {
        return new FeatureNetwork() {
            @Override
            public NDArray features(NDArray images) {
                return TrainedBackbone.this.features(images);
            }

            @Override
            public NDArray tokens(NDArray images) {
                return TrainedBackbone.this.tokens(images);
            }

            @Override
            public String engineName() {
                return "libtorch";
            }

            @Override
            public void close() {
                // the weights belong to the TrainedBackbone
            }
        };
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

    /** @return the name of the backbone component, e.g. {@code vit} */
    public String component() {
        return component;
    }

    /** @return where the weights came from */
    public String description() {
        return description;
    }

    /** @return what loading read, ignored or adapted (e.g. an interpolated positional embedding), one sentence each */
    public List<String> notes() {
        return notes;
    }

    @Override
    public void close() {
        manager.close();
    }
}
