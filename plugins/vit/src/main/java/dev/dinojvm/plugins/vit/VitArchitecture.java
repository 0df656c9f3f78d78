package dev.dinojvm.plugins.vit;

/**
 * The hyper-parameters of a {@link VisionTransformer}.
 *
 * @param embedDim token dimension D
 * @param depth number of transformer blocks
 * @param heads attention heads per block; divides {@code embedDim}
 * @param patchSize side of a square patch in pixels
 * @param imageSize side of the square images the positional embedding is built for; divisible by
 *     {@code patchSize}
 * @param mlpRatio hidden dimension of the MLP relative to {@code embedDim}
 * @param dropPath stochastic depth rate of the last block (rates grow linearly from 0 over depth)
 */
public record VitArchitecture(
        int embedDim, int depth, int heads, int patchSize, int imageSize, double mlpRatio, double dropPath) {

    /** Checks the values; {@link VitBackboneFactory#validate} reports the same problems to users. */
    public VitArchitecture {
        if (embedDim <= 0 || depth <= 0 || heads <= 0 || patchSize <= 0 || imageSize <= 0) {
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
    }

    /** @return the same architecture without stochastic depth (for teacher and evaluation) */
    public VitArchitecture withoutDropPath() {
        return new VitArchitecture(embedDim, depth, heads, patchSize, imageSize, mlpRatio, 0);
    }

    /** @return the per-head dimension {@code embedDim / heads} */
    public int headDim() {
        return embedDim / heads;
    }

    /** @return the MLP hidden dimension, {@code int(embedDim * mlpRatio)} as in the reference */
    public int mlpHiddenDim() {
        return (int) (embedDim * mlpRatio);
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
     * The stochastic depth rate of block {@code index}, as {@code torch.linspace(0, dropPath, depth)}.
     *
     * @param index block index, from 0
     * @return the rate
     */
    public double dropPathRate(int index) {
        return depth == 1 ? 0 : dropPath * index / (depth - 1);
    }
}
