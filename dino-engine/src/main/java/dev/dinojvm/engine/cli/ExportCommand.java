package dev.dinojvm.engine.cli;

import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.eval.TrainedBackbone;
import dev.dinojvm.engine.onnx.NotExportableException;
import dev.dinojvm.engine.onnx.OnnxExport;
import dev.dinojvm.engine.onnx.OnnxExportOptions;
import dev.dinojvm.engine.train.SafetensorsFiles;
import dev.dinojvm.engine.weights.WeightsFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import onnx.Onnx.ModelProto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dino export}: a backbone as a safetensors file with the official DINO/timm parameter names
 * (no {@code backbone.} prefix), loadable by the reference's {@code vision_transformer.py}, or as an
 * ONNX model (docs/export.md).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a backbone (a run's teacher or student, or a weights file) as safetensors with the official"
                + " DINO/timm parameter names, or as an ONNX model (opset 17) with the outputs features, patch_tokens, attention.")
public class ExportCommand implements Callable<Integer> {

    /** The file formats. */
    enum Format {
        safetensors, onnx
    }

    @Mixin
    TrainedModelOptions model;

    @Option(names = "--format", defaultValue = "safetensors", paramLabel = "safetensors|onnx",
            description = "The file format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "The file to write (.safetensors or .onnx).")
    Path output;

    @Option(names = "--input-size", paramLabel = "N|dynamic",
            description = "ONNX: the side of the square input images, fixed in the graph, or dynamic for any height and width"
                    + " that are multiples of the patch size (default: the size the model was built for).")
    String inputSize;

    @Option(names = "--outputs", split = ",", paramLabel = "NAME", defaultValue = "features",
            description = "ONNX: the outputs, comma-separated: features (always, first), patch_tokens, attention (default: ${DEFAULT-VALUE}).")
    List<String> outputs;

    @Option(names = "--fp16-weights", description = "ONNX: store the weights as float16 (half the file; computation stays float32).")
    boolean fp16Weights;

    @Override
    public Integer call() throws IOException {
        requireWritable(output);
        int requestedSize = format == Format.onnx ? checkOnnxOptions() : -1;
        if (format != Format.onnx && (inputSize != null || fp16Weights || !outputs.equals(List.of(OnnxExportOptions.FEATURES)))) {
            throw new ConfigException(List.of(new ConfigProblem("--format",
                    "--input-size, --outputs and --fp16-weights apply to --format onnx only")));
        }
        try (TrainedBackbone backbone = load()) {
            if (format != Format.onnx) {
                SafetensorsFiles.write(output, SafetensorsFiles.values(backbone.backbone().block().getParameters(), ""));
                System.out.println("Wrote " + output + ": the backbone of the " + backbone.description()
                        + " (" + backbone.backbone().block().getParameters().size() + " tensors, official parameter names)");
                return 0;
            }
            OnnxExportOptions options = new OnnxExportOptions(requestedSize < 0 ? backbone.backbone().imageSize() : requestedSize,
                    outputs.contains(OnnxExportOptions.PATCH_TOKENS), outputs.contains(OnnxExportOptions.ATTENTION), fp16Weights);
            ModelProto onnx;
            try {
                onnx = OnnxExport.model(backbone, options);
            } catch (NotExportableException | IllegalArgumentException e) {
                throw new ConfigException(List.of(new ConfigProblem("--format onnx", e.getMessage())));
            }
            OnnxExport.write(onnx, output);
            List<String> names = onnx.getGraph().getOutputList().stream().map(o -> o.getName()).toList();
            System.out.println("Wrote " + output + ": ONNX opset " + OnnxExportOptions.OPSET + " of the backbone of the "
                    + backbone.description() + "; input images (batch, " + backbone.backbone().inputChannels() + ", "
                    + (options.dynamicSize() ? "height, width" : options.imageSize() + ", " + options.imageSize())
                    + "), outputs " + String.join(", ", names) + (fp16Weights ? "; float16 weights" : ""));
        }
        return 0;
    }

    /** The backbone; weights that do not fit its architecture are bad input (exit 2), as a wrong option is. */
    private TrainedBackbone load() throws IOException {
        try {
            return model.load();
        } catch (WeightsFileException e) {
            throw new ConfigException(List.of(new ConfigProblem(model.sourceOption(), e.getMessage())));
        }
    }

    /** @return the input size asked for: positive for a fixed one, 0 for dynamic, -1 for the model's own */
    private int checkOnnxOptions() {
        List<ConfigProblem> problems = new ArrayList<>();
        int size = -1;
        if (inputSize != null) {
            if (inputSize.equals("dynamic")) {
                size = 0;
            } else {
                try {
                    size = Integer.parseInt(inputSize);
                } catch (NumberFormatException e) {
                    size = -2;
                }
                if (size <= 0) {
                    problems.add(new ConfigProblem("--input-size", "must be a positive number of pixels or dynamic, got '" + inputSize + "'"));
                }
            }
        }
        for (String name : outputs) {
            if (!Set.of(OnnxExportOptions.FEATURES, OnnxExportOptions.PATCH_TOKENS, OnnxExportOptions.ATTENTION).contains(name)) {
                problems.add(new ConfigProblem("--outputs", "unknown output '" + name + "' (features, patch_tokens, attention)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return size;
    }

    /**
     * Refuses, before any work, an output that cannot be written: its directory missing, a directory
     * in its place, or a read-only file (checked by its permission bits, as root may write any file).
     */
    private static void requireWritable(Path output) throws IOException {
        Path parent = output.toAbsolutePath().getParent();
        String problem = null;
        if (!Files.isDirectory(parent)) {
            problem = "the directory " + parent + " does not exist";
        } else if (Files.isDirectory(output)) {
            problem = output + " is a directory";
        } else if (Files.exists(output) && (!Files.isWritable(output) || readOnlyBits(output))) {
            problem = output + " is read-only";
        }
        if (problem != null) {
            throw new ConfigException(List.of(new ConfigProblem("--output", problem)));
        }
    }

    private static boolean readOnlyBits(Path file) throws IOException {
        try {
            return !Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_WRITE);
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
