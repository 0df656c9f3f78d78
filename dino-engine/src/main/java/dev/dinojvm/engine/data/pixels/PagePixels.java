package dev.dinojvm.engine.data.pixels;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.file.Path;

/** Copies the channels of one decoded page into planar floats, scaled by the sample format's full scale. */
final class PagePixels {

    private PagePixels() {}

    /**
     * @param file the file, for messages
     * @param image the decoded page
     * @param format its format, from {@link PageFormat#of}
     * @param out planar values of the whole image
     * @param firstChannel where this page's first channel goes in {@code out}
     * @throws PixelInputException when a float sample is NaN or infinite
     */
    static void copy(Path file, BufferedImage image, PageFormat format, float[] out, int firstChannel) throws PixelInputException {
        int width = image.getWidth();
        int height = image.getHeight();
        int area = width * height;
        if (format.palette()) {
            copyPalette(image, out, firstChannel * area);
            return;
        }
        Raster raster = image.getRaster();
        float fullScale = format.header(height, width).fullScale();
        float[] plane = new float[area];
        for (int i = 0; i < format.bands().length; i++) {
            raster.getSamples(0, 0, width, height, format.bands()[i], plane);
            int offset = (firstChannel + i) * area;
            for (int p = 0; p < area; p++) {
                float value = plane[p];
                if (format.floating() && !Float.isFinite(value)) {
                    throw new PixelInputException(file + " holds " + value + " at channel " + (firstChannel + i) + ", x " + p % width
                            + ", y " + p / width + ": pixel values must be finite numbers");
                }
                out[offset + p] = value / fullScale;
            }
        }
    }

    /** Palette colours, 8 bits each, as {@link BufferedImage#getRGB} gives them. */
    private static void copyPalette(BufferedImage image, float[] out, int offset) {
        int width = image.getWidth();
        int area = width * image.getHeight();
        int[] row = new int[width];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int argb = row[x];
                int i = offset + y * width + x;
                out[i] = ((argb >> 16) & 0xff) / 255f;
                out[area + i] = ((argb >> 8) & 0xff) / 255f;
                out[2 * area + i] = (argb & 0xff) / 255f;
            }
        }
    }
}
