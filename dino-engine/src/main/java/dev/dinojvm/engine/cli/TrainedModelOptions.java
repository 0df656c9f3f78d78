package dev.dinojvm.engine.cli;

import ai.djl.Device;
import dev.dinojvm.api.BackboneFactory;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.eval.InputNormalisation;
import dev.dinojvm.engine.eval.TrainedBackbone;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.weights.ArchitectureHints;
import dev.dinojvm.engine.weights.ChannelAdaptation;
import dev.dinojvm.engine.weights.ModelWeights;
import dev.dinojvm.engine.weights.WeightsFile;
import dev.dinojvm.engine.weights.WeightsFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Which trained backbone a command uses: a run or checkpoint ({@code --checkpoint}), or a weights file
 * in any layout {@link WeightsFile} reads ({@code --weights}), its architecture read from the file
 * where the options leave it unset; the plugins that may provide its backbone, and the device it runs on.
 */
public class TrainedModelOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Mixin
    PluginOptions plugins;

    @Mixin
    DeviceOption device;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--network", paramLabel = "teacher|student", defaultValue = "teacher",
            description = "With --checkpoint: which network's backbone to use (default: ${DEFAULT-VALUE}).")
    String network;

    @Option(names = "--backbone", paramLabel = "NAME", defaultValue = "vit",
            description = "With --weights: the backbone component (default: ${DEFAULT-VALUE}).")
    String backbone;

    @Option(names = "--arch", paramLabel = "NAME", description = "With --weights: the architecture preset (vit_tiny, vit_small, vit_base).")
    String arch;

    @Option(names = "--patch-size", paramLabel = "N", description = "With --weights: patch side in pixels.")
    String patchSize;

    @Option(names = "--image-size", paramLabel = "N", description = "With --weights: image side the model was built for.")
    String imageSize;

    @Option(names = "--embed-dim", paramLabel = "N", description = "With --weights: token dimension, overriding the preset's.")
    String embedDim;

    @Option(names = "--depth", paramLabel = "N", description = "With --weights: number of blocks, overriding the preset's.")
    String depth;

    @Option(names = "--heads", paramLabel = "N", description = "With --weights: attention heads, overriding the preset's.")
    String heads;

    @Option(names = "--in-chans", paramLabel = "N", description = "With --weights: input channels of the model, the file's by default.")
    String inChans;

    @Option(names = "--adapt-channels", description = "With --weights: adapt an RGB file's patch embedding to --in-chans channels"
            + " (timm's adapt_input_conv rule); without it a file of another channel count is refused.")
    boolean adaptChannels;

    @Option(names = "--mean", paramLabel = "M[,M...]", description = "Per-channel mean the inputs are normalised with, as in"
            + " training; default: the run's recorded one with --checkpoint, ImageNet's for an RGB model with --weights.")
    String mean;

    @Option(names = "--std", paramLabel = "S[,S...]", description = "Per-channel standard deviation, with --mean.")
    String std;

    @Option(names = "--weights-format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "With --weights: the file's layout, recognised from its content by default (auto, "
                    + "dino-pth, dino-checkpoint, timm, dino-jvm, hugging-face).")
    String weightsFormat;

    /** Exactly one of the two. */
    static class Source {
        @Option(names = "--checkpoint", paramLabel = "DIR", required = true,
                description = "A training run's output directory (its newest checkpoint) or one checkpoint directory.")
        Path checkpoint;

        @Option(names = "--weights", paramLabel = "FILE", required = true,
                description = "A weights file: an official DINO .pth (backbone or full checkpoint), timm or Hugging Face"
                        + " safetensors, or a run's backbone.safetensors; unset architecture options are read from it.")
        Path weights;
    }

    /**
     * Loads the plugins (warning about the skipped ones on the command's error stream), starts PyTorch
     * and loads the backbone.
     *
     * @return the trained backbone
     * @throws IOException when the weights cannot be read
     */
    TrainedBackbone load() throws IOException {
        PluginRegistry registry = plugins.loadWarning(mixee.commandLine().getErr());
        if (source.checkpoint != null && !Files.isDirectory(source.checkpoint)) {
            throw new IllegalArgumentException("checkpoint not found: " + source.checkpoint
                    + " (give a training run's output directory or a checkpoint directory)");
        }
        if (source.weights != null && !Files.isRegularFile(source.weights)) {
            throw new IllegalArgumentException("weights file not found: " + source.weights);
        }
        Device selected = device.select();
        if (source.checkpoint != null) {
            if (!network.equals("teacher") && !network.equals("student")) {
                throw new ConfigException(List.of(new ConfigProblem("--network", "must be teacher or student, got " + network)));
            }
            return withNormalisation(TrainedBackbone.fromCheckpoint(source.checkpoint, network, registry, selected));
        }
        Optional<WeightsFormat> format;
        try {
            format = WeightsFormat.parse(weightsFormat);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(new ConfigProblem("--weights-format", e.getMessage())));
        }
        ModelWeights weights = WeightsFile.read(source.weights, format);
        BackboneFactory factory = registry.require(ComponentKind.BACKBONE, backbone, BackboneFactory.class);
        Map<String, String> values = architectureFromFile(factory, weights);
        put(values, factory, "--arch", "arch", arch);
        put(values, factory, "--patch-size", "patch-size", patchSize);
        put(values, factory, "--image-size", "image-size", imageSize);
        put(values, factory, "--embed-dim", "embed-dim", embedDim);
        put(values, factory, "--depth", "depth", depth);
        put(values, factory, "--heads", "heads", heads);
        put(values, factory, "--in-chans", "in-chans", inChans);
        ComponentConfig config = new ComponentConfig(ComponentKind.BACKBONE.configPrefix(), factory.configKeys(), values);
        TrainedBackbone loaded = withNormalisation(TrainedBackbone.fromWeights(weights, factory, config,
                ChannelAdaptation.forWeights(adaptChannels), selected));
        int channels = loaded.backbone().inputChannels();
        if (mean == null && channels != 3) {
            loaded.close();
            throw new ConfigException(List.of(new ConfigProblem("--mean", "the " + channels + "-channel model of "
                    + source.weights.getFileName() + " needs the per-channel normalisation it was trained with: give --mean and --std"
                    + " (its run's dino.augmentation.mean and std)")));
        }
        loaded.notes().forEach(note -> System.err.println("note: " + note));
        return loaded;
    }

    /** With {@code --mean} and {@code --std}: the model's inputs are normalised with them. */
    private TrainedBackbone withNormalisation(TrainedBackbone loaded) {
        if (mean == null && std == null) {
            return loaded;
        }
        try {
            if (mean == null || std == null) {
                throw new IllegalArgumentException("give both --mean and --std");
            }
            int channels = loaded.backbone().inputChannels();
            loaded.useNormalisation(parseNormalisation(channels));
            return loaded;
        } catch (IllegalArgumentException e) {
            loaded.close();
            throw new ConfigException(List.of(new ConfigProblem(mean == null ? "--mean" : "--std", e.getMessage())));
        }
    }

    /**
     * The architecture settings the file's tensors tell, for those the user leaves unset: with
     * {@code --arch}, the preset's dimensions win over the file's.
     */
    private Map<String, String> architectureFromFile(BackboneFactory factory, ModelWeights weights) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> hints = ArchitectureHints.of(weights.backbone());
        boolean presetChosen = arch != null;
        hints.forEach((key, value) -> {
            boolean presetKey = key.equals("embed-dim") || key.equals("depth") || key.equals("heads");
            if (factory.configKeys().stream().anyMatch(k -> k.name().equals(key)) && !(presetChosen && presetKey)) {
                values.put(key, value);
            }
        });
        if (values.containsKey("embed-dim") && !values.containsKey("heads") && heads == null && !presetChosen) {
            throw new ConfigException(List.of(new ConfigProblem("--heads", "the number of attention heads of "
                    + source.weights.getFileName() + " (embed-dim " + values.get("embed-dim")
                    + ") cannot be read from the file; give --heads")));
        }
        return values;
    }

    private InputNormalisation parseNormalisation(int channels) {
        try {
            return InputNormalisation.parse(mean, std, channels == 3);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--mean and --std must be comma-separated numbers, got '" + mean + "' and '" + std + "'");
        }
    }

    /** @return the option that named the model: {@code --checkpoint} or {@code --weights} */
    String sourceOption() {
        return source.checkpoint != null ? "--checkpoint" : "--weights";
    }

    /** @return the directory given with {@code --checkpoint}, or the folder of the {@code --weights} file */
    Path location() {
        return source.checkpoint != null ? source.checkpoint : source.weights.toAbsolutePath().getParent();
    }

    private static void put(Map<String, String> values, BackboneFactory factory, String option, String key, String value) {
        if (value == null) {
            return;
        }
        if (factory.configKeys().stream().noneMatch(k -> k.name().equals(key))) {
            throw new ConfigException(List.of(new ConfigProblem(option, "the backbone '" + factory.name() + "' has no setting " + key)));
        }
        values.put(key, value);
    }
}
