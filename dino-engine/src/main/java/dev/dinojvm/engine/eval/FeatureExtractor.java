package dev.dinojvm.engine.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.dinojvm.api.ImageArray;
import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.data.SkipReport;
import dev.dinojvm.engine.util.Messages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
     * For 8-bit RGB models normalised with ImageNet's statistics.
     *
     * @param manager the manager of the network's device; batches run in sub-managers of it
     * @param network {@code (B, 3, S, S)} normalised images to features {@code (B, D)}
     * @param imageSize S
     * @param batchSize images per forward pass
     */
    public FeatureExtractor(NDManager manager, UnaryOperator<NDArray> network, int imageSize, int batchSize) {
        this(manager, network, imageSize, InputNormalisation.IMAGENET_RGB, batchSize);
    }

    /**
     * @param manager the manager of the network's device; batches run in sub-managers of it
     * @param network {@code (B, C, S, S)} normalised images to features {@code (B, D)}
     * @param imageSize S
     * @param normalisation the normalisation of the network's training, which gives C
     * @param batchSize images per forward pass
     */
    public FeatureExtractor(NDManager manager, UnaryOperator<NDArray> network, int imageSize, InputNormalisation normalisation,
            int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.manager = manager;
        this.network = network;
        this.transform = new EvalTransform(imageSize, normalisation);
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
        return extract(source, count, progress, null).features();
    }

    /**
     * The features of the readable images among the first {@code count}: an image that cannot be read is left
     * out and named in the result, as training skips it.
     *
     * @param source the images
     * @param count how many, from the first
     * @param progress told the number of images done after each batch
     * @return a row per readable image, in data order, with the indices they belong to and the images left out
     * @throws IOException when none of the images can be read (the message names the first)
     */
    public ReadableFeatures extractReadable(ImageSource source, int count, IntConsumer progress) throws IOException {
        List<SkipReport.SkippedImage> skipped = new ArrayList<>();
        ReadableFeatures features = extract(source, count, progress, skipped);
        if (count > 0 && features.features().length == 0) {
            SkipReport.SkippedImage first = skipped.get(0);
            throw new IOException("none of the " + count + " images can be read; the first: " + first.description() + " ("
                    + first.reason() + ")");
        }
        return features;
    }

    /**
     * @param features one row per readable image
     * @param indices the source index of each row
     * @param skipped the images that could not be read
     */
    public record ReadableFeatures(float[][] features, int[] indices, List<SkipReport.SkippedImage> skipped) {}

    /** With {@code skipped == null}, an unreadable image ends the extraction; otherwise it is added there and left out. */
    private ReadableFeatures extract(ImageSource source, int count, IntConsumer progress, List<SkipReport.SkippedImage> skipped)
            throws IOException {
        int size = transform.size();
        int channels = transform.channels();
        int imageLength = channels * size * size;
        List<float[]> features = new ArrayList<>(count);
        int[] indices = new int[count];
        for (int start = 0; start < count; start += batchSize) {
            int n = Math.min(batchSize, count - start);
            try (NDManager scope = manager.newSubManager()) {
                float[] batch = new float[n * imageLength];
                int loaded = 0;
                for (int i = start; i < start + n; i++) {
                    ImageArray image;
                    try {
                        image = source.load(i);
                    } catch (IOException e) {
                        if (skipped == null) {
                            throw e;
                        }
                        skipped.add(new SkipReport.SkippedImage(i, source.describe(i), Messages.oneLine(e.getMessage())));
                        continue;
                    }
                    transform.apply(image, scope, batch, loaded * imageLength);
                    indices[features.size() + loaded] = i;
                    loaded++;
                }
                if (loaded > 0) {
                    float[] values = loaded == n ? batch : Arrays.copyOf(batch, loaded * imageLength);
                    NDArray output = network.apply(scope.create(values, new Shape(loaded, channels, size, size)));
                    int dim = (int) output.getShape().get(1);
                    float[] rows = output.toFloatArray();
                    for (int i = 0; i < loaded; i++) {
                        features.add(Arrays.copyOfRange(rows, i * dim, (i + 1) * dim));
                    }
                }
            }
            progress.accept(start + n);
        }
        return new ReadableFeatures(features.toArray(float[][]::new), Arrays.copyOf(indices, features.size()),
                skipped == null ? List.of() : List.copyOf(skipped));
    }
}
