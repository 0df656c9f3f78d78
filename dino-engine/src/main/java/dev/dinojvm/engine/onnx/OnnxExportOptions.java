package dev.dinojvm.engine.onnx;

/**
 * What an exported ONNX model holds.
 *
 * @param imageSize the side of the square input images, fixed in the graph; 0 for dynamic height and
 *     width (the positional embedding is then resampled inside the graph)
 * @param patchTokens whether to add the output {@code patch_tokens}
 * @param attention whether to add the output {@code attention}
 * @param fp16Weights whether to store the weights as float16 (computation stays float32)
 */
public record OnnxExportOptions(int imageSize, boolean patchTokens, boolean attention, boolean fp16Weights) {

    /** Opset 17 has LayerNormalization and is the newest that ONNX 1.12's checker knows. */
    public static final int OPSET = 17;
    /** The IR version of ONNX 1.12, which introduced opset 17. */
    public static final int IR_VERSION = 8;

    /** The input: normalised images {@code (batch, C, height, width)}, float32, C the backbone's input channels. */
    public static final String INPUT = "images";
    /** The CLS token after the final LayerNorm {@code (batch, D)}: the backbone's feature. */
    public static final String FEATURES = "features";
    /** The patch tokens after the final LayerNorm {@code (batch, P, D)}, in row-major grid order. */
    public static final String PATCH_TOKENS = "patch_tokens";
    /** The last block's softmax self-attention {@code (batch, heads, 1 + P, 1 + P)}, row 0 the CLS token's. */
    public static final String ATTENTION = "attention";

    public OnnxExportOptions {
        if (imageSize < 0) {
            throw new IllegalArgumentException("image size must be positive, or 0 for dynamic, got " + imageSize);
        }
    }

    /** @return whether height and width are dynamic axes */
    public boolean dynamicSize() {
        return imageSize == 0;
    }
}
