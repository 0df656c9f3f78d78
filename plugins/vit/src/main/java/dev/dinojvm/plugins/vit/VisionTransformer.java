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
import dev.dinojvm.api.AutogradOperands;
import java.util.ArrayList;
import java.util.List;

/**
 * The Vision Transformer of the official DINO {@code vision_transformer.py}, as one DJL block, with the
 * options of DINOv2's {@code DinoVisionTransformer} (register tokens, LayerScale, SwiGLU, mask token).
 *
 * <p>Input: {@code [images (B, C, H, W)]} with C {@link VitArchitecture#inChans()}; output: {@code [CLS
 * feature (B, D)]}, the class token after the final LayerNorm. Images of another size than {@link
 * VitArchitecture#imageSize()} (local crops)
 * get a bicubically resampled positional embedding, as the reference's {@code
 * interpolate_pos_encoding}.
 *
 * <p>All parameters are registered directly on this block, so {@code getParameters()} lists them with
 * the reference's state-dict names and PyTorch shapes, in its order: {@code cls_token}, {@code pos_embed},
 * {@code register_tokens} and {@code mask_token} when present, {@code patch_embed.proj.*}, {@code
 * blocks.<i>.*}, {@code norm.*}.
 */
public final class VisionTransformer extends AbstractBlock {

    private final VitArchitecture architecture;
    private final Parameter clsToken;
    private final Parameter posEmbed;
    private final Parameter registerTokens;
    private final Parameter maskToken;
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
        registerTokens = architecture.registers() > 0
                ? addParameter(VitParameters.registers("register_tokens", new Shape(1, architecture.registers(), dim))) : null;
        maskToken = architecture.maskToken() ? addParameter(VitParameters.maskToken("mask_token", dim)) : null;
        int channels = architecture.inChans();
        int fanIn = channels * patch * patch;
        patchWeight = addParameter(VitParameters.convDefault(
                "patch_embed.proj.weight", Parameter.Type.WEIGHT, new Shape(dim, channels, patch, patch), fanIn));
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
            NDArray tokens = runLayers(store, images, null, training, layers.size(), scope);
            // LayerNorm acts on each token alone: normalising only the CLS token gives the
            // reference's norm(x)[:, 0] without normalising the patch tokens.
            NDArray cls = tokens.get(new NDIndex(":, 0"));
            NDArray features = EncoderLayer.layerNorm(store, images.getDevice(), cls, normWeight, normBias, training);
            features.attach(caller);
            return new NDList(features);
        }
    }

    /**
     * The CLS token and the patch tokens after the final LayerNorm, as the reference's {@code norm(x)}
     * without the register tokens: row 0 is the CLS feature {@link #forward} returns, rows 1.. the patch
     * tokens in row-major grid order.
     *
     * @param store where the parameter values live
     * @param images a batch (B, C, H, W)
     * @return (B, 1 + N, D), in the manager of {@code images}
     */
    public NDArray normalizedTokens(ParameterStore store, NDArray images) {
        return withoutRegisters(allTokens(store, images, null, false));
    }

    /**
     * Every token after the final LayerNorm, as DINOv2's {@code forward_features}: the CLS token, then
     * the register tokens, then the patch tokens; masked patches are replaced by {@code mask_token}
     * before the positional embedding is added ({@code prepare_tokens_with_masks}).
     *
     * @param store where the parameter values live
     * @param images a batch (B, C, H, W)
     * @param masks {@code (B, N)} with 1 for a masked patch and 0 otherwise, or {@code null} for none;
     *     needs a model built with a mask token
     * @param training whether this is a training forward (stochastic depth, gradients)
     * @return (B, 1 + registers + N, D), in the manager of {@code images}
     */
    public NDArray allTokens(ParameterStore store, NDArray images, NDArray masks, boolean training) {
        if (masks != null && maskToken == null) {
            throw new IllegalStateException("this ViT has no mask token: build it with mask-token=true to mask patches");
        }
        NDManager caller = images.getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDArray tokens = runLayers(store, images, masks, training, layers.size(), scope);
            NDArray normalized = EncoderLayer.layerNorm(store, images.getDevice(), tokens, normWeight, normBias, training);
            normalized.attach(caller);
            return normalized;
        }
    }

    /** Drops rows 1..registers of {@link #allTokens}; the array itself without registers. */
    private NDArray withoutRegisters(NDArray tokens) {
        int registers = architecture.registers();
        if (registers == 0) {
            return tokens;
        }
        NDArray result = tokens.get(new NDIndex(":, 0:1")).concat(tokens.get(new NDIndex(":, " + (1 + registers) + ":")), 1);
        tokens.close();
        return result;
    }

    /**
     * The self-attention of the last block, as the reference's {@code get_last_selfattention}: row 0
     * of each head is the CLS token's attention over itself and the patches.
     *
     * @param store where the parameter values live
     * @param images a batch (B, C, H, W)
     * @return softmax attention probabilities (B, heads, N+1, N+1), in the manager of {@code images}
     */
    public NDArray lastSelfAttention(ParameterStore store, NDArray images) {
        NDManager caller = images.getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDArray tokens = runLayers(store, images, null, false, layers.size() - 1, scope);
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
    private NDArray runLayers(ParameterStore store, NDArray images, NDArray masks, boolean training, int count, NDManager scope) {
        NDArray tokens = embed(store, images, masks, training, scope);
        for (int i = 0; i < count; i++) {
            NDArray next = layers.get(i).forward(store, tokens, training);
            tokens.close();
            tokens = next;
        }
        return tokens;
    }

    /**
     * The reference's {@code prepare_tokens}: patch embedding (masked patches replaced by the mask
     * token), CLS token, positional embedding, then DINOv2's register tokens after the CLS token.
     */
    private NDArray embed(ParameterStore store, NDArray images, NDArray masks, boolean training, NDManager scope) {
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
        if (masks != null) {
            // torch.where(masks, mask_token, x) as x·(1 − m) + mask_token·m: exact for m in {0, 1}, differentiable in both
            NDArray m = EncoderLayer.into(scope, masks.toType(patches.getDataType(), false).reshape(batch, (long) rows * columns, 1));
            NDArray token = store.getValue(maskToken, device, training).reshape(1, 1, dim);
            patches = patches.mul(m.neg().add(AutogradOperands.scalar(scope, 1f))).add(m.mul(token));
        }
        NDArray cls = EncoderLayer.into(scope, store.getValue(clsToken, device, training).broadcast(batch, 1, dim));
        NDArray tokens = cls.concat(patches, 1);
        NDArray position = positionalEmbedding(store.getValue(posEmbed, device, training),
                rows, columns, shape.get(2) == shape.get(3), scope);
        NDArray embedded = tokens.add(position);
        if (registerTokens == null) {
            return embedded;
        }
        NDArray registers = store.getValue(registerTokens, device, training).broadcast(batch, architecture.registers(), dim);
        return embedded.get(new NDIndex(":, 0:1")).concat(registers, 1).concat(embedded.get(new NDIndex(":, 1:")), 1);
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
        // matMul keeps the matrices for the backward pass, after this scope has released their Java buffers;
        // in the embedding's type (fp16 under mixed precision), as matMul does not promote; they need no gradient.
        NDArray rowMatrix = AutogradOperands.nativeCopy(scope.create(BicubicResampling.matrix(grid, rows, rowScale), new Shape(rows, grid)))
                .toType(learned.getDataType(), false);
        NDArray columnMatrix = AutogradOperands.nativeCopy(scope.create(BicubicResampling.matrix(grid, columns, columnScale), new Shape(columns, grid)))
                .toType(learned.getDataType(), false);
        // (rows, grid) x (grid, grid*D) resamples the rows; (columns, grid) x (rows, grid, D) the columns.
        NDArray resampledRows = rowMatrix.matMul(patchPosition).reshape(rows, grid, dim);
        NDArray resampled = columnMatrix.matMul(resampledRows).reshape(1, (long) rows * columns, dim);
        return classPosition.concat(resampled, 1);
    }
}
