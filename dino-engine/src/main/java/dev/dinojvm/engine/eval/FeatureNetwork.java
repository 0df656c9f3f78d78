package dev.dinojvm.engine.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * A trained backbone run by one inference engine (libtorch or ONNX Runtime): normalised images in,
 * features or tokens out, each result in the manager of its input.
 */
public interface FeatureNetwork extends AutoCloseable {

    /**
     * @param images {@code (B, 3, S, S)}, normalised
     * @return the CLS features {@code (B, D)}
     */
    NDArray features(NDArray images);

    /**
     * @param images {@code (B, 3, S, S)}, normalised
     * @return {@code (B, 1 + P, D)}: the CLS token then the patch tokens, after the final norm
     * @throws UnsupportedOperationException when the backbone does not offer its tokens
     */
    NDArray tokens(NDArray images);

    /**
     * @param images {@code (B, 3, S, S)}, normalised
     * @return {@code (B, P · D)}: each image's patch tokens (without the CLS token) as one row
     */
    default NDArray patchTokenRows(NDArray images) {
        NDArray patches = tokens(images).get(new NDIndex(":, 1:, :"));
        return patches.reshape(patches.getShape().get(0), -1);
    }

    /** @return which engine runs it, for messages */
    String engineName();

    /** Frees what the engine holds for this network (not the backbone's weights). */
    @Override
    void close();
}
