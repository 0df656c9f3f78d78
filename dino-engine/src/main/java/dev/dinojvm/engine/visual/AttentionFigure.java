package dev.dinojvm.engine.visual;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * Draws a {@link CropAttention} as one PNG-ready image: the crop, then one panel per head with the
 * head's attention in viridis over the greyed crop; with a threshold, a second row shows the crop with
 * each head's thresholded mask, as the reference's {@code visualize_attention.py}.
 */
public final class AttentionFigure {

    /** Pixels between panels and around the figure. */
    static final int GAP = 4;
    /** Panels are scaled up by an integer factor to at least this side, so that small crops stay visible. */
    static final int MIN_PANEL = 160;
    /** Weight of the colour map over the greyed image. */
    private static final double OVERLAY = 0.65;
    private static final int MASK_COLOUR = 0xff3030;

    private AttentionFigure() {}

    /**
     * @param size the crop side
     * @return the integer factor each panel is scaled by
     */
    public static int scale(int size) {
        return Math.max(1, (MIN_PANEL + size - 1) / size);
    }

    /**
     * @param attention the maps
     * @param threshold the mass to keep in the mask row, or {@code null} for no mask row
     * @return the figure: {@code 1 + heads} columns, 1 or 2 rows
     */
    public static BufferedImage render(CropAttention attention, Double threshold) {
        int heads = attention.heads().length;
        int size = attention.size();
        int scale = scale(size);
        int panel = size * scale;
        int columns = 1 + heads;
        int rows = threshold == null ? 1 : 2;
        BufferedImage figure = new BufferedImage(columns * panel + (columns + 1) * GAP, rows * panel + (rows + 1) * GAP,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = figure.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, figure.getWidth(), figure.getHeight());
        g.dispose();
        for (int row = 0; row < rows; row++) {
            int top = GAP + row * (panel + GAP);
            draw(figure, GAP, top, scale, size, (y, x) -> imageRgb(attention, y, x));
            for (int h = 0; h < heads; h++) {
                int head = h;
                int left = GAP + (1 + h) * (panel + GAP);
                if (row == 0) {
                    float[] range = range(attention.heads()[h]);
                    draw(figure, left, top, scale, size, (y, x) -> heatRgb(attention, head, range, y, x));
                } else {
                    boolean[] mask = attention.mask(head, threshold);
                    draw(figure, left, top, scale, size, (y, x) -> maskRgb(attention, mask, y, x));
                }
            }
        }
        return figure;
    }

    private interface PixelColour {
        int rgb(int y, int x);
    }

    private static void draw(BufferedImage figure, int left, int top, int scale, int size, PixelColour colour) {
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = colour.rgb(y, x);
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        figure.setRGB(left + x * scale + dx, top + y * scale + dy, rgb);
                    }
                }
            }
        }
    }

    private static int imageRgb(CropAttention a, int y, int x) {
        int area = a.size() * a.size();
        int i = y * a.size() + x;
        float[] p = a.image();
        return channel(p[i]) << 16 | channel(p[area + i]) << 8 | channel(p[2 * area + i]);
    }

    private static int heatRgb(CropAttention a, int head, float[] range, int y, int x) {
        double span = range[1] - range[0];
        double value = span > 0 ? (a.at(head, y, x) - range[0]) / span : 0;
        return blend(Viridis.rgb(value), grey(a, y, x), OVERLAY);
    }

    private static int maskRgb(CropAttention a, boolean[] mask, int y, int x) {
        int patch = (y / a.patchSize()) * a.grid() + x / a.patchSize();
        int image = imageRgb(a, y, x);
        return mask[patch] ? blend(MASK_COLOUR, image, 0.5) : blend(0x000000, grey(a, y, x), 0.5);
    }

    private static int grey(CropAttention a, int y, int x) {
        int rgb = imageRgb(a, y, x);
        int level = (int) Math.round(0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff));
        return level << 16 | level << 8 | level;
    }

    private static int blend(int top, int bottom, double weight) {
        int r = (int) Math.round((top >> 16 & 0xff) * weight + (bottom >> 16 & 0xff) * (1 - weight));
        int g = (int) Math.round((top >> 8 & 0xff) * weight + (bottom >> 8 & 0xff) * (1 - weight));
        int b = (int) Math.round((top & 0xff) * weight + (bottom & 0xff) * (1 - weight));
        return r << 16 | g << 8 | b;
    }

    private static int channel(float value) {
        return Math.max(0, Math.min(255, Math.round(value * 255)));
    }

    private static float[] range(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new float[] {min, max};
    }
}
