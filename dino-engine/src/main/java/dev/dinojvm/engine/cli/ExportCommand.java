package dev.dinojvm.engine.cli;

import dev.dinojvm.engine.eval.TrainedBackbone;
import dev.dinojvm.engine.train.SafetensorsFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dino export}: a run's backbone as a safetensors file with the official DINO/timm parameter
 * names (no {@code backbone.} prefix), loadable by the reference's {@code vision_transformer.py}.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a run's teacher (or student) backbone as safetensors with the official DINO/timm parameter names.")
public class ExportCommand implements Callable<Integer> {

    @Mixin
    TrainedModelOptions model;

    @Option(names = "--output", required = true, paramLabel = "FILE.safetensors", description = "The file to write.")
    Path output;

    @Override
    public Integer call() throws IOException {
        try (TrainedBackbone backbone = model.load()) {
            SafetensorsFiles.write(output, SafetensorsFiles.values(backbone.backbone().block().getParameters(), ""));
            System.out.println("Wrote " + output + ": the backbone of the " + backbone.description()
                    + " (" + backbone.backbone().block().getParameters().size() + " tensors, official parameter names)");
        }
        return 0;
    }
}
