package dev.dinojvm.engine.weights;

import dev.dinojvm.plugins.vit.BicubicResampling;

/**
 * Resamples a learned ViT positional embedding {@code (1, 1 + g·g, D)} to another square patch grid,
 * as timm's {@code resample_abs_pos_embed} and DINO's {@code interpolate_pos_encoding} do: the class
 * position is kept, the patch positions are resampled bicubically ({@code F.interpolate(size=...,
 * mode='bicubic', align_corners=False)}), with the vit plugin's resampling matrices.
 */
final class PositionalEmbeddings {

    private PositionalEmbeddings() {}

    /**
     * @param shape a tensor shape
     * @return the side of its square patch grid when it is {@code (1, 1 + g·g, D)}, else -1
     */
    static int gridSide(long[] shape) {
        if (shape.length != 3 || shape[0] != 1 || shape[1] < 2) {
            return -1;
        }
        int side = (int) Math.round(Math.sqrt(shape[1] - 1));
        long all = Math.round(Math.sqrt(shape[1]));
        if (all * all == shape[1]) {
            return -1; // a square count of rows is a patch grid without a class row (timm's no_embed_class)
        }
        return (long) side * side == shape[1] - 1 ? side : -1;
    }

    /**
     * @param learned {@code (1, 1 + g·g, D)}
     * @param side the new grid side
     * @return {@code (1, 1 + side·side, D)}
     */
    static WeightTensor resample(WeightTensor learned, int side) {
        int grid = gridSide(learned.shape());
        int dim = (int) learned.shape()[2];
        double scale = (double) side / grid; // F.interpolate(size=...) uses scale = out / in
        float[] m = BicubicResampling.matrix(grid, side, scale);
        float[] in = learned.values();
        float[] rows = new float[side * grid * dim];
        for (int i = 0; i < side; i++) {
            for (int a = 0; a < grid; a++) {
                float w = m[i * grid + a];
                for (int b = 0; b < grid; b++) {
                    int from = (1 + a * grid + b) * dim;
                    int to = (i * grid + b) * dim;
                    for (int d = 0; d < dim; d++) {
                        rows[to + d] += w * in[from + d];
                    }
                }
            }
        }
        float[] out = new float[(1 + side * side) * dim];
        System.arraycopy(in, 0, out, 0, dim);
        for (int i = 0; i < side; i++) {
            for (int j = 0; j < side; j++) {
                int to = (1 + i * side + j) * dim;
                for (int b = 0; b < grid; b++) {
                    float w = m[j * grid + b];
                    int from = (i * grid + b) * dim;
                    for (int d = 0; d < dim; d++) {
                        out[to + d] += w * rows[from + d];
                    }
                }
            }
        }
        return new WeightTensor(new long[] {1, 1 + (long) side * side, dim}, out);
    }
}
