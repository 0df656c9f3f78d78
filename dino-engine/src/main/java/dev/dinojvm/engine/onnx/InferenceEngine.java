package dev.dinojvm.engine.onnx;

import ai.djl.pytorch.jni.JniUtils;
import ai.onnxruntime.OrtException;
import dev.dinojvm.engine.eval.FeatureNetwork;
import dev.dinojvm.engine.eval.TrainedBackbone;
import dev.dinojvm.plugins.vit.VisionTransformer;

/** Which engine runs a trained backbone for inference (embedding, search, evaluation). */
public enum InferenceEngine {
    /** ONNX Runtime on the CPU where the backbone is the built-in ViT on the CPU; libtorch otherwise. */
    AUTO,
    /** DJL's PyTorch engine, on the backbone's device. */
    LIBTORCH,
    /** ONNX Runtime on the CPU, from an export held in memory; only for the built-in ViT. */
    ONNXRUNTIME;

    /**
     * @param value {@code auto}, {@code libtorch} or {@code onnxruntime}
     * @return the engine
     * @throws IllegalArgumentException for another value
     */
    public static InferenceEngine parse(String value) {
        for (InferenceEngine engine : values()) {
            if (engine.name().equalsIgnoreCase(value)) {
                return engine;
            }
        }
        throw new IllegalArgumentException("must be auto, libtorch or onnxruntime, got '" + value + "'");
    }

    /**
     * @param backbone the loaded backbone (libtorch holds its weights)
     * @param withTokens whether the network must also give the patch tokens
     * @return the backbone run by this engine, with as many threads as libtorch uses
     * @throws NotExportableException for {@link #ONNXRUNTIME} and a backbone without an ONNX mapping
     */
    public FeatureNetwork open(TrainedBackbone backbone, boolean withTokens) {
        InferenceEngine chosen = this;
        if (this == AUTO) {
            boolean exportable = backbone.backbone().block() instanceof VisionTransformer;
            chosen = exportable && !backbone.manager().getDevice().isGpu() ? ONNXRUNTIME : LIBTORCH;
        }
        if (chosen == LIBTORCH) {
            return backbone.libtorchNetwork();
        }
        OnnxExportOptions options = new OnnxExportOptions(backbone.backbone().imageSize(), withTokens, false, false);
        try {
            return OnnxRuntimeNetwork.open(OnnxExport.model(backbone, options), JniUtils.getNumThreads());
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the exported backbone: " + e.getMessage(), e);
        }
    }
}
