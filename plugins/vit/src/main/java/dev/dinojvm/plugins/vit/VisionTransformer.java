package dev.dinojvm.plugins.vit;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The Vision Transformer of the official DINO {@code vision_transformer.py}, as one DJL block.
 *
 * <p>Input: {@code [images (B, 3, H, W)]}; output: {@code [CLS feature (B, D)]}, the class token after
 * the final LayerNorm. Images of another size than {@link VitArchitecture#imageSize()} (local crops)
 * get a bicubically resampled positional embedding, as the reference's {@code
 * interpolate_pos_encoding}.
 *
 * <p>All parameters are registered directly on this block, so {@code getParameters()} lists them with
 * the reference's state-dict names and PyTorch shapes: {@code cls_token}, {@code pos_embed}, {@code
 * patch_embed.proj.*}, {@code blocks.<i>.*}, {@code norm.*}.
 */
public final class VisionTransformer extends AbstractBlock {

    private final VitArchitecture architecture;
    private final Parameter clsToken;
    private final Parameter posEmbed;
    private final Parameter patchWeight;
    private final Parameter patchBias;
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final Parameter normWeight;
    private final Parameter normBias;

    /** @param architecture the dimensions and the stochastic depth rate (0 for a teacher) */
    public VisionTransformer(VitArchitecture architecture) {
        this.architecture = architecture;
        int dim = architecture.embedDim();
        int patch = architecture.patchSize();
        clsToken = addParameter(VitParameters.embedding("cls_token", new Shape(1, 1, dim)));
        posEmbed = addParameter(VitParameters.embedding("pos_embed", new Shape(1, 1 + architecture.numPatches(), dim)));
        int fanIn = 3 * patch * patch;
        patchWeight = addParameter(VitParameters.convDefault(
                "patch_embed.proj.weight", Parameter.Type.WEIGHT, new Shape(dim, 3, patch, patch), fanIn));
        patchBias = addParameter(VitParameters.convDefault("patch_embed.proj.bias", Parameter.Type.BIAS, new Shape(dim), fanIn));
        for (int i = 0; i < architecture.depth(); i++) {
            EncoderLayer layer = new EncoderLayer(architecture, i);
            layer.parameters().forEach(this::addParameter);
            layers.add(layer);
        }
        normWeight = addParameter(VitParameters.normWeight("norm.weight", dim));
        normBias = addParameter(VitParameters.normBias("norm.bias", dim));
    }

    /** @return the dimensions this block was built with */
    public VitArchitecture architecture() {
        return architecture;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray images = inputs.singletonOrThrow();
        NDManager caller = images.getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDArray tokens = runLayers(store, images, training, layers.size(), scope);
            // LayerNorm acts on each token alone: normalising only the CLS token gives the
            // reference's norm(x)[:, 0] without normalising the patch tokens.
            NDArray cls = tokens.get(new NDIndex(":, 0"));
            NDArray features = EncoderLayer.layerNorm(store, images.getDevice(), cls, normWeight, normBias, training);
            features.attach(caller);
            return new NDList(features);
        }
    }

    /**
     * The self-attention of the last block, as the reference's {@code get_last_selfattention}: row 0
     * of each head is the CLS token's attention over itself and the patches.
     *
     * @param store where the parameter values live
     * @param images a batch (B, 3, H, W)
     * @return softmax attention probabilities (B, heads, N+1, N+1), in the manager of {@code images}
     */
    public NDArray lastSelfAttention(ParameterStore store, NDArray images) {
        NDManager caller = images.getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDArray tokens = runLayers(store, images, false, layers.size() - 1, scope);
            NDArray probabilities = layers.get(layers.size() - 1).attentionProbabilities(store, tokens);
            probabilities.attach(caller);
            return probabilities;
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), architecture.embedDim())};
    }

    /** Embeds the images and runs the first {@code count} blocks; the result is in {@code scope}. */
    private NDArray runLayers(ParameterStore store, NDArray images, boolean training, int count, NDManager scope) {
        NDArray tokens = embed(store, images, training, scope);
        for (int i = 0; i < count; i++) {
            NDArray next = layers.get(i).forward(store, tokens, training);
            tokens.close();
            tokens = next;
        }
        return tokens;
    }

    /** The reference's {@code prepare_tokens}: patch embedding, CLS token, positional embedding. */
    private NDArray embed(ParameterStore store, NDArray images, boolean training, NDManager scope) {
        Device device = images.getDevice();
        Shape shape = images.getShape();
        long batch = shape.get(0);
        int dim = architecture.embedDim();
        int patch = architecture.patchSize();
        NDArray grid = EncoderLayer.into(scope, Conv2d.conv2d(images, store.getValue(patchWeight, device, training),
                        store.getValue(patchBias, device, training), new Shape(patch, patch))
                .singletonOrThrow());
        int rows = (int) grid.getShape().get(2);
        int columns = (int) grid.getShape().get(3);
        NDArray patches = grid.reshape(batch, dim, (long) rows * columns).transpose(0, 2, 1);
        NDArray cls = EncoderLayer.into(scope, store.getValue(clsToken, device, training).broadcast(batch, 1, dim));
        NDArray tokens = cls.concat(patches, 1);
        NDArray position = positionalEmbedding(store.getValue(posEmbed, device, training),
                rows, columns, shape.get(2) == shape.get(3), scope);
        return tokens.add(position);
    }

    /**
     * The reference's {@code interpolate_pos_encoding}: the learned embedding as is for the grid it was
     * built for (and square images), otherwise its patch part resampled bicubically with torch's
     * {@code scale_factor=((rows + 0.1) / √N, (columns + 0.1) / √N)}, the 0.1 avoiding rounding down.
     */
    private NDArray positionalEmbedding(NDArray learned, int rows, int columns, boolean squareImage, NDManager scope) {
        int grid = architecture.gridSize();
        if (rows * columns == architecture.numPatches() && squareImage) {
            return learned;
        }
        long dim = architecture.embedDim();
        double rowScale = (rows + 0.1) / grid;
        double columnScale = (columns + 0.1) / grid;
        if (BicubicResampling.outputSize(grid, rowScale) != rows
                || BicubicResampling.outputSize(grid, columnScale) != columns) {
            throw new IllegalStateException(
                    "cannot resample a " + grid + "x" + grid + " positional embedding to " + rows + "x" + columns);
        }
        NDArray classPosition = learned.get(scope, new NDIndex(":, :1"));
        NDArray patchPosition = learned.get(scope, new NDIndex(":, 1:")).reshape(grid, grid * dim);
        // duplicate(): a copy in libtorch's memory. The created arrays wrap Java buffers that are released
        // when this scope closes, but matMul keeps the matrices for the backward pass.
        // toType: in the embedding's type (fp16 under mixed precision), as matMul does not promote; they need no gradient.
        NDArray rowMatrix = scope.create(BicubicResampling.matrix(grid, rows, rowScale), new Shape(rows, grid)).duplicate()
                .toType(learned.getDataType(), false);
        NDArray columnMatrix = scope.create(BicubicResampling.matrix(grid, columns, columnScale), new Shape(columns, grid)).duplicate()
                .toType(learned.getDataType(), false);
        // (rows, grid) x (grid, grid*D) resamples the rows; (columns, grid) x (rows, grid, D) the columns.
        NDArray resampledRows = rowMatrix.matMul(patchPosition).reshape(rows, grid, dim);
        NDArray resampled = columnMatrix.matMul(resampledRows).reshape(1, (long) rows * columns, dim);
        return classPosition.concat(resampled, 1);
    }
}
