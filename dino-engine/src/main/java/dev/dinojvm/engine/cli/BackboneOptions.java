package dev.dinojvm.engine.cli;

import ai.djl.Device;
import dev.dinojvm.engine.model.TrainedBackbone;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.runtime.DeviceSelector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Which trained backbone a command uses: a run or checkpoint, the network in it, and the device. */
public class BackboneOptions {

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "A training run's output directory (its newest checkpoint) or one checkpoint directory.")
    Path checkpoint;

    @Option(names = "--network", paramLabel = "teacher|student", defaultValue = "teacher",
            description = "Which network's backbone to use (default: ${DEFAULT-VALUE}, as the paper evaluates).")
    String network;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto",
            description = "Where to run (default: ${DEFAULT-VALUE}: a GPU when PyTorch sees one).")
    String device;

    /**
     * @param commandLine the command, for usage errors
     * @return the device the options name; starts the engine
     */
    Device device(CommandLine commandLine) {
        if (!device.equals("auto") && !device.equals("cpu") && !device.equals("gpu")) {
            throw new ParameterException(commandLine, "--device must be auto, cpu or gpu, got '" + device + "'");
        }
        return DeviceSelector.select(device);
    }

    /**
     * Loads the backbone of {@code --checkpoint}.
     *
     * @param commandLine the command, for usage errors
     * @param registry the plugins
     * @return the backbone, on the chosen device
     * @throws IOException when the checkpoint cannot be read
     */
    TrainedBackbone load(CommandLine commandLine, PluginRegistry registry) throws IOException {
        if (checkpoint == null) {
            throw new ParameterException(commandLine, "no --checkpoint given");
        }
        if (!Files.isDirectory(checkpoint)) {
            throw new IllegalArgumentException("checkpoint not found: " + checkpoint + " (give a training run's output directory or a checkpoint directory)");
        }
        if (!network.equals("teacher") && !network.equals("student")) {
            throw new ParameterException(commandLine, "--network must be teacher or student, got '" + network + "'");
        }
        return TrainedBackbone.fromCheckpoint(checkpoint, network, registry, device(commandLine));
    }
}
