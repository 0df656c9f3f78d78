package dev.dinojvm.engine.visual;

import dev.dinojvm.api.ImageArray;
import java.awt.image.BufferedImage;
import java.util.List;

/** Draws PCA pictures of patch features: each image's crop beside its patches coloured by {@link PatchPca}. */
public final class PcaFigure {

    private static final int PAIRS_PER_ROW = 4;

    private PcaFigure() {}

    /**
     * @param colours one image's patch colours (row-major grid), RGB in [0, 1]
     * @param grid the grid side
     * @param size the crop side in pixels
     * @return the PCA picture alone, {@code size} x {@code size} scaled up for viewing
     */
    public static BufferedImage picture(float[][] colours, int grid, int size) {
        int scale = AttentionFigure.scale(size);
        BufferedImage image = new BufferedImage(size * scale, size * scale, BufferedImage.TYPE_INT_RGB);
        drawPatches(image, 0, 0, colours, grid, size * scale);
        return image;
    }

    /**
     * @param crops the model's input crops as shown, RGB (or grey) in [0, 1], each {@code size} x {@code size}
     * @param result their patch colours
     * @param grid the grid side
     * @return crop and PCA picture side by side, {@value #PAIRS_PER_ROW} pairs per row
     */
    public static BufferedImage grid(List<ImageArray> crops, PatchPca.Result result, int grid) {
        int size = crops.get(0).height();
        int panel = size * AttentionFigure.scale(size);
        int step = panel + AttentionFigure.GAP;
        int columns = Math.min(PAIRS_PER_ROW, crops.size());
        int rows = (crops.size() + PAIRS_PER_ROW - 1) / PAIRS_PER_ROW;
        BufferedImage figure = new BufferedImage(2 * columns * step - AttentionFigure.GAP, rows * step - AttentionFigure.GAP,
                BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < crops.size(); i++) {
            int left = (i % PAIRS_PER_ROW) * 2 * step;
            int top = (i / PAIRS_PER_ROW) * step;
            drawCrop(figure, left, top, crops.get(i), panel);
            drawPatches(figure, left + step, top, result.colours()[i], grid, panel);
        }
        return figure;
    }

    private static void drawCrop(BufferedImage figure, int left, int top, ImageArray crop, int panel) {
        int size = crop.height();
        int area = size * size;
        float[] p = crop.pixels();
        boolean grey = crop.channels() == 1;
        for (int y = 0; y < panel; y++) {
            for (int x = 0; x < panel; x++) {
                int i = (y * size / panel) * size + x * size / panel;
                int r = channel(p[i]);
                int g = grey ? r : channel(p[area + i]);
                int b = grey ? r : channel(p[2 * area + i]);
                figure.setRGB(left + x, top + y, r << 16 | g << 8 | b);
            }
        }
    }

    private static void drawPatches(BufferedImage figure, int left, int top, float[][] colours, int grid, int panel) {
        for (int y = 0; y < panel; y++) {
            for (int x = 0; x < panel; x++) {
                float[] c = colours[(y * grid / panel) * grid + x * grid / panel];
                figure.setRGB(left + x, top + y, channel(c[0]) << 16 | channel(c[1]) << 8 | channel(c[2]));
            }
        }
    }

    private static int channel(float value) {
        return Math.max(0, Math.min(255, Math.round(value * 255)));
    }
}
