package dev.dinojvm.engine.cli;

import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.eval.FeatureNetwork;
import dev.dinojvm.engine.eval.TrainedBackbone;
import dev.dinojvm.engine.onnx.InferenceEngine;
import dev.dinojvm.engine.onnx.NotExportableException;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --engine}: which engine runs the trained backbone of an inference command. */
public class InferenceEngineOptions {

    @Option(names = "--engine", paramLabel = "auto|libtorch|onnxruntime", defaultValue = "auto",
            description = "Which engine runs the backbone: onnxruntime (ONNX Runtime, CPU, built-in ViT only), libtorch, or auto:"
                    + " ONNX Runtime for the built-in ViT on the CPU, libtorch otherwise (default: ${DEFAULT-VALUE}).")
    String engine;

    /**
     * @param backbone the loaded backbone
     * @param withTokens whether the patch tokens are needed as well as the CLS features
     * @return the backbone run by the chosen engine
     * @throws ConfigException for an unknown engine, or ONNX Runtime asked for a backbone it cannot run
     */
    FeatureNetwork open(TrainedBackbone backbone, boolean withTokens) {
        InferenceEngine chosen;
        try {
            chosen = InferenceEngine.parse(engine);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(new ConfigProblem("--engine", e.getMessage())));
        }
        try {
            return chosen.open(backbone, withTokens);
        } catch (NotExportableException e) {
            throw new ConfigException(List.of(new ConfigProblem("--engine", e.getMessage() + "; use --engine libtorch")));
        }
    }
}
