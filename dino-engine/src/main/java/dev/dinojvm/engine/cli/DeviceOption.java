package dev.dinojvm.engine.cli;

import ai.djl.Device;
import dev.dinojvm.engine.runtime.DeviceSelector;
import picocli.CommandLine.Option;

/** {@code --device} of the commands that run a network outside training: where it runs. */
public class DeviceOption {

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto", description = "Where to run (default: ${DEFAULT-VALUE}).")
    String mode;

    /** @return the device {@code --device} names; {@code auto} takes a GPU when one is present */
    Device select() {
        return DeviceSelector.select(mode);
    }
}
