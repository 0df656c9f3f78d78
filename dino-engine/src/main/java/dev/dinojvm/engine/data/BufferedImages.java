package dev.dinojvm.engine.data;

import dev.dinojvm.api.ImageArray;
import dev.dinojvm.api.ImageBytes;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/** Converts decoded AWT images to planar images: 8-bit samples where the image has 8 bits per sample, else floats in [0, 1]. */
final class BufferedImages {

    private BufferedImages() {}

    /**
     * Grey images (grey colour space, with or without alpha) give 1 channel taken straight from the raster,
     * without the gamma conversion {@link BufferedImage#getRGB} would apply to a linear grey colour
     * space; everything else gives 3 RGB channels. Alpha is dropped.
     */
    static SourceImage toSourceImage(BufferedImage image) {
        return isGrey(image.getColorModel()) ? grey(image) : rgb(image);
    }

    private static boolean isGrey(ColorModel model) {
        return !(model instanceof IndexColorModel) && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    private static SourceImage grey(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        Raster raster = image.getRaster();
        int bits = image.getColorModel().getComponentSize(0);
        int[] samples = raster.getSamples(0, 0, width, height, 0, (int[]) null);
        if (bits == 8) {
            byte[] bytes = new byte[samples.length];
            for (int i = 0; i < samples.length; i++) {
                bytes[i] = (byte) samples[i];
            }
            return SourceImage.of(new ImageBytes(1, height, width, bytes));
        }
        float max = (float) ((1L << bits) - 1);
        float[] values = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            values[i] = samples[i] / max;
        }
        return SourceImage.of(new ImageArray(1, height, width, values));
    }

    private static SourceImage rgb(BufferedImage image) {
        if (isPackedRgbBytes(image)) {
            return SourceImage.of(fromBytes(image));
        }
        int width = image.getWidth();
        int height = image.getHeight();
        int area = width * height;
        float[] values = new float[3 * area];
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int argb = row[x];
                int i = y * width + x;
                values[i] = ((argb >> 16) & 0xff) / 255f;
                values[area + i] = ((argb >> 8) & 0xff) / 255f;
                values[2 * area + i] = (argb & 0xff) / 255f;
            }
        }
        return SourceImage.of(new ImageArray(3, height, width, values));
    }

    /**
     * Whether the image is 8-bit sRGB held as one byte per sample in a byte
     * buffer, as the JPEG decoder returns ({@code TYPE_3BYTE_BGR}): its samples can then be read straight
     * from the buffer, where {@link BufferedImage#getRGB} converts every pixel through the colour model and
     * costs more than the decoding itself.
     */
    private static boolean isPackedRgbBytes(BufferedImage image) {
        ColorModel model = image.getColorModel();
        return image.getRaster().getDataBuffer() instanceof DataBufferByte
                && image.getSampleModel() instanceof ComponentSampleModel
                && model.getColorSpace().isCS_sRGB()
                && !(model instanceof IndexColorModel)
                && model.getNumColorComponents() == 3
                && model.getComponentSize(0) == 8 && model.getComponentSize(1) == 8 && model.getComponentSize(2) == 8
                && image.getRaster().getParent() == null
                && java.util.Arrays.stream(((ComponentSampleModel) image.getSampleModel()).getBankIndices()).allMatch(bank -> bank == 0);
    }

    /** The samples laid out in planes, in one pass over the buffer per channel. */
    private static ImageBytes fromBytes(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int area = width * height;
        ComponentSampleModel layout = (ComponentSampleModel) image.getSampleModel();
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int pixelStride = layout.getPixelStride();
        int rowStride = layout.getScanlineStride();
        int[] bandOffsets = layout.getBandOffsets();
        int channels = image.getColorModel().getNumColorComponents();
        byte[] samples = new byte[channels * area];
        for (int c = 0; c < channels; c++) {
            int bandOffset = bandOffsets[c];
            int plane = c * area;
            for (int y = 0; y < height; y++) {
                int source = y * rowStride + bandOffset;
                int target = plane + y * width;
                for (int x = 0; x < width; x++, source += pixelStride) {
                    samples[target + x] = data[source];
                }
            }
        }
        return new ImageBytes(channels, height, width, samples);
    }
}
