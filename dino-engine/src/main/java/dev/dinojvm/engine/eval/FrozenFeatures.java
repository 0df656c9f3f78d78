package dev.dinojvm.engine.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.dinojvm.engine.data.ImageSource;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;

/**
 * The backbone's features of every image of a source, computed once: the reference's validation
 * preprocessing (resize to {@code size × 256/224}, centre crop, normalise) and, for the ViT, the CLS token
 * of the last block after the final norm ({@code n_last_blocks=1}, {@code avgpool_patchtokens=False}).
 *
 * @param features one row per image
 * @param labels class indices
 */
public record FrozenFeatures(float[][] features, int[] labels) {

    private static final int BATCH = 64;

    /**
     * @param model the frozen backbone
     * @param network the model run by an inference engine
     * @param source labelled images
     * @return the features and labels
     * @throws IOException when an image cannot be read
     * @throws IllegalArgumentException when the source is unlabelled
     */
    public static FrozenFeatures extract(TrainedBackbone model, FeatureNetwork network, ImageSource source) throws IOException {
        if (source.classNames().isEmpty()) {
            throw new IllegalArgumentException("the linear probe needs labelled images (class subfolders, or IDX files with labels): "
                    + source.describe(0) + " has none");
        }
        int size = model.backbone().imageSize();
        EvalTransform transform = model.linearProbeTransform();
        int count = source.size();
        float[][] features = new float[count][];
        int[] labels = new int[count];
        for (int start = 0; start < count; start += BATCH) {
            int n = Math.min(BATCH, count - start);
            try (NDManager scope = model.manager().newSubManager()) {
                float[] pixels = new float[n * 3 * size * size];
                for (int i = 0; i < n; i++) {
                    transform.apply(source.load(start + i), scope, pixels, i * 3 * size * size);
                    labels[start + i] = source.label(start + i);
                }
                NDArray batch = scope.create(pixels, new Shape(n, 3, size, size));
                float[] flat = network.features(batch).toFloatArray();
                int dim = flat.length / n;
                for (int i = 0; i < n; i++) {
                    features[start + i] = new float[dim];
                    System.arraycopy(flat, i * dim, features[start + i], 0, dim);
                }
            }
        }
        return new FrozenFeatures(features, labels);
    }
}
