package dev.dinojvm.plugins.vit;

/**
 * The hyper-parameters of a {@link VisionTransformer}: those of the official DINO ViT, and the
 * additions of DINOv2's {@code DinoVisionTransformer} (register tokens, LayerScale, uniform stochastic
 * depth, the SwiGLU feed-forward and the iBOT mask token), each off in the DINO form.
 *
 * @param embedDim token dimension D
 * @param depth number of transformer blocks
 * @param heads attention heads per block; divides {@code embedDim}
 * @param patchSize side of a square patch in pixels
 * @param imageSize side of the square images the positional embedding is built for; divisible by
 *     {@code patchSize}
 * @param mlpRatio hidden dimension of the MLP relative to {@code embedDim}
 * @param dropPath stochastic depth rate of the last block (of every block when {@code uniformDropPath})
 * @param registers register tokens inserted after the CLS token, without positional embedding (0: none)
 * @param layerScale the initial value of the per-channel LayerScale {@code ls1}/{@code ls2} on each
 *     residual branch, or 0 for none
 * @param uniformDropPath whether every block drops with {@code dropPath}, rather than rates growing
 *     linearly from 0
 * @param feedForward the feed-forward network of each block
 * @param maskToken whether the model has the learned {@code mask_token} that replaces masked patches
 * @param inChans channels of the input images, the patch embedding's input channels (timm's {@code in_chans})
 */
public record VitArchitecture(
        int embedDim, int depth, int heads, int patchSize, int imageSize, double mlpRatio, double dropPath,
        int registers, double layerScale, boolean uniformDropPath, FeedForward feedForward, boolean maskToken,
        int inChans) {

    /** The input channels of RGB images, the official DINO ViT's. */
    public static final int RGB_CHANNELS = 3;

    /** The feed-forward network of a block. */
    public enum FeedForward {
        /** fc1, GELU, fc2 ({@code mlp.fc1}, {@code mlp.fc2}): DINO's and DINOv2's ViT-S/B/L. */
        MLP,
        /**
         * SwiGLU, as DINOv2's {@code SwiGLUFFNFused} (its ViT-g): {@code w3(silu(x1) · x2)} with
         * {@code x1, x2} the halves of {@code w12(x)}, hidden size {@code (⌊2h/3⌋ + 7) / 8 · 8} of the MLP's h.
         */
        SWIGLU
    }

    /** Checks the values; {@link VitBackboneFactory#validate} reports the same problems to users. */
    public VitArchitecture {
        if (embedDim <= 0 || depth <= 0 || heads <= 0 || patchSize <= 0 || imageSize <= 0 || inChans <= 0) {
            throw new IllegalArgumentException("dimensions must be positive: " + this);
        }
        if (embedDim % heads != 0) {
            throw new IllegalArgumentException("embedDim " + embedDim + " is not divisible by heads " + heads);
        }
        if (imageSize % patchSize != 0) {
            throw new IllegalArgumentException("imageSize " + imageSize + " is not divisible by patchSize " + patchSize);
        }
        if (!(mlpRatio > 0) || (int) (embedDim * mlpRatio) < 1) {
            throw new IllegalArgumentException("mlpRatio must give an MLP hidden dimension of at least 1: " + mlpRatio);
        }
        if (!(dropPath >= 0 && dropPath < 1)) {
            throw new IllegalArgumentException("dropPath must be in [0, 1): " + dropPath);
        }
        if (registers < 0) {
            throw new IllegalArgumentException("registers must not be negative: " + registers);
        }
        if (!(layerScale >= 0)) {
            throw new IllegalArgumentException("layerScale must be 0 (none) or positive: " + layerScale);
        }
        if (feedForward == null) {
            throw new IllegalArgumentException("feedForward is missing");
        }
    }

    /** An RGB ViT with DINOv2's options as given. */
    public VitArchitecture(int embedDim, int depth, int heads, int patchSize, int imageSize, double mlpRatio, double dropPath,
            int registers, double layerScale, boolean uniformDropPath, FeedForward feedForward, boolean maskToken) {
        this(embedDim, depth, heads, patchSize, imageSize, mlpRatio, dropPath, registers, layerScale, uniformDropPath, feedForward,
                maskToken, RGB_CHANNELS);
    }

    /** The official DINO ViT: RGB, no registers, no LayerScale, linearly growing drop path, MLP, no mask token. */
    public VitArchitecture(int embedDim, int depth, int heads, int patchSize, int imageSize, double mlpRatio, double dropPath) {
        this(embedDim, depth, heads, patchSize, imageSize, mlpRatio, dropPath, 0, 0, false, FeedForward.MLP, false);
    }

    /** @return the same architecture without stochastic depth (for teacher and evaluation) */
    public VitArchitecture withoutDropPath() {
        return new VitArchitecture(embedDim, depth, heads, patchSize, imageSize, mlpRatio, 0, registers, layerScale,
                uniformDropPath, feedForward, maskToken, inChans);
    }

    /** @return the per-head dimension {@code embedDim / heads} */
    public int headDim() {
        return embedDim / heads;
    }

    /** @return the MLP hidden dimension, {@code int(embedDim * mlpRatio)} as in the reference */
    public int mlpHiddenDim() {
        return (int) (embedDim * mlpRatio);
    }

    /** @return the hidden dimension of the SwiGLU feed-forward, DINOv2's {@code (int(h * 2 / 3) + 7) // 8 * 8} */
    public int swigluHiddenDim() {
        return ((int) (mlpHiddenDim() * 2.0 / 3) + 7) / 8 * 8;
    }

    /** @return patches along one side of an {@code imageSize} image */
    public int gridSize() {
        return imageSize / patchSize;
    }

    /** @return patches in an {@code imageSize} image, the length of the positional embedding minus 1 */
    public int numPatches() {
        return gridSize() * gridSize();
    }

    /**
     * The stochastic depth rate of block {@code index}: {@code dropPath} for every block when uniform
     * (DINOv2's {@code drop_path_uniform}), otherwise {@code torch.linspace(0, dropPath, depth)}.
     *
     * @param index block index, from 0
     * @return the rate
     */
    public double dropPathRate(int index) {
        if (uniformDropPath) {
            return dropPath;
        }
        return depth == 1 ? 0 : dropPath * index / (depth - 1);
    }
}
