package dev.dinojvm.engine.data;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes the image files of tests that keep channels and depth: {@code .npy} arrays and 16-bit grey PNGs. */
public final class PixelFolders {

    private PixelFolders() {}

    /** The value of generated image {@code image} at channel c, row y, column x: every 16-bit step used. */
    public static int value(int image, int c, int y, int x) {
        return (image * 7919 + c * 13_003 + y * 997 + x * 101) % 65_536;
    }

    /**
     * Writes a height × width × channels uint16 {@code .npy} file holding {@link #value}.
     *
     * @param file where
     * @param image the image number in {@link #value}
     */
    public static void uint16Npy(Path file, int image, int channels, int height, int width) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(2 * channels * height * width).order(ByteOrder.LITTLE_ENDIAN);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    data.putShort((short) value(image, c, y, x));
                }
            }
        }
        npy(file, "<u2", "(" + height + ", " + width + ", " + channels + ")", data.array());
    }

    /** Writes a {@code .npy} file of little-endian floats of any shape (e.g. with NaN). */
    public static void float32Npy(Path file, String shape, float... values) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            data.putFloat(v);
        }
        npy(file, "<f4", shape, data.array());
    }

    private static void npy(Path file, String dtype, String shape, byte[] data) throws IOException {
        String header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + header.length() + 1;
        header = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer out = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        out.put(header.getBytes(StandardCharsets.US_ASCII)).put(data);
        Files.createDirectories(file.getParent());
        Files.write(file, out.array());
    }

    /** Writes a 16-bit grey PNG holding channel 0 of {@link #value}. */
    public static void grey16Png(Path file, int image, int height, int width) throws IOException {
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = png.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, value(image, 0, y, x));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(png, "png", file.toFile());
    }

    /** Writes an 8-bit RGB PNG of one colour. */
    public static void rgb8Png(Path file, int height, int width, int rgb) throws IOException {
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                png.setRGB(x, y, rgb);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(png, "png", file.toFile());
    }
}
