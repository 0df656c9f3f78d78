package dev.dinojvm.engine.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.dinojvm.engine.data.ImageSource;
import java.io.IOException;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;

/**
 * Runs a backbone over the images of a source, in data order and in batches, through {@link
 * EvalTransform}: one feature row per image. Each batch's arrays live in a sub-manager closed at the
 * end of the batch.
 */
public final class FeatureExtractor {

    private final NDManager manager;
    private final UnaryOperator<NDArray> network;
    private final EvalTransform transform;
    private final int batchSize;

    /**
     * @param manager the manager of the network's device; batches run in sub-managers of it
     * @param network {@code (B, 3, S, S)} normalised images to features {@code (B, D)}
     * @param imageSize S
     * @param batchSize images per forward pass
     */
    public FeatureExtractor(NDManager manager, UnaryOperator<NDArray> network, int imageSize, int batchSize) {
        this(manager, network, new EvalTransform(imageSize), batchSize);
    }

    /**
     * @param manager the manager of the network's device; batches run in sub-managers of it
     * @param network {@code (B, 3, S, S)} normalised images to features {@code (B, D)}
     * @param transform the preprocessing to S×S
     * @param batchSize images per forward pass
     */
    public FeatureExtractor(NDManager manager, UnaryOperator<NDArray> network, EvalTransform transform, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.manager = manager;
        this.network = network;
        this.transform = transform;
        this.batchSize = batchSize;
    }

    /**
     * @param source the images
     * @param count how many, from the first
     * @param progress told the number of images done after each batch
     * @return {@code count} feature rows
     * @throws IOException when an image cannot be read (the message names it)
     */
    public float[][] extract(ImageSource source, int count, IntConsumer progress) throws IOException {
        int size = transform.size();
        int imageLength = 3 * size * size;
        float[][] features = new float[count][];
        for (int start = 0; start < count; start += batchSize) {
            int n = Math.min(batchSize, count - start);
            try (NDManager scope = manager.newSubManager()) {
                float[] batch = new float[n * imageLength];
                for (int i = 0; i < n; i++) {
                    transform.apply(source.load(start + i), scope, batch, i * imageLength);
                }
                NDArray output = network.apply(scope.create(batch, new Shape(n, 3, size, size)));
                int dim = (int) output.getShape().get(1);
                float[] values = output.toFloatArray();
                for (int i = 0; i < n; i++) {
                    features[start + i] = java.util.Arrays.copyOfRange(values, i * dim, (i + 1) * dim);
                }
            }
            progress.accept(start + n);
        }
        return features;
    }
}
