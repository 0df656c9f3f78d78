package dev.dinojvm.engine.data.pixels;

import dev.dinojvm.engine.eval.NpyFiles;
import dev.dinojvm.engine.eval.NpyFiles.NpyHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads an image from a NumPy {@code .npy} array: height × width (one channel), or 3 dimensions with the
 * channels first or last ({@link NpyLayout}); unsigned 8 or 16-bit integers (scaled by 255 or 65,535) or
 * 32-bit floats (taken as they are: 0 is black and 1 full scale, values outside [0, 1] are kept; NaN and
 * infinity are refused); C or Fortran order, either byte order.
 */
final class NpyPixels {

    private NpyPixels() {}

    /** The sample types read, from the NumPy type string without its byte-order character. */
    private enum Type {
        UINT8(1, 8, false), UINT16(2, 16, false), FLOAT32(4, 32, true);

        final int bytes;
        final int bits;
        final boolean floating;

        Type(int bytes, int bits, boolean floating) {
            this.bytes = bytes;
            this.bits = bits;
            this.floating = floating;
        }
    }

    /** Where the values of channel c, row y, column x lie: {@code c * channel + y * row + x * column}. */
    private record Strides(long channel, long row, long column) {}

    /**
     * @param file the file
     * @param layout where the channels are in a 3-dimensional array
     * @return its header, from the {@code .npy} header alone
     * @throws IOException when it is not a readable {@code .npy} file; {@link PixelInputException} when it is
     *     not an image array this reader takes
     */
    static PixelHeader header(Path file, NpyLayout layout) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            NpyHeader npy = NpyFiles.header(file, channel);
            return header(file, npy, type(file, npy), layout);
        }
    }

    /**
     * @param file the file
     * @param layout where the channels are in a 3-dimensional array
     * @return its pixels
     * @throws IOException when it is not a readable {@code .npy} file; {@link PixelInputException} when it is
     *     not an image array this reader takes, or holds NaN or infinity
     */
    static PixelImage read(Path file, NpyLayout layout) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            NpyHeader npy = NpyFiles.header(file, channel);
            Type type = type(file, npy);
            PixelHeader header = header(file, npy, type, layout);
            ByteBuffer data = NpyFiles.data(file, channel, npy, type.bytes)
                    .order(npy.descr().startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            Strides strides = strides(npy, layout);
            int height = header.height();
            int width = header.width();
            float fullScale = header.fullScale();
            float[] pixels = new float[header.channels() * height * width];
            int out = 0;
            for (int c = 0; c < header.channels(); c++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int index = (int) (c * strides.channel() + y * strides.row() + x * strides.column());
                        float value = switch (type) {
                            case UINT8 -> data.get(index) & 0xff;
                            case UINT16 -> data.getShort(index * 2) & 0xffff;
                            case FLOAT32 -> data.getFloat(index * 4);
                        };
                        if (!Float.isFinite(value)) {
                            throw new PixelInputException(file + " holds " + value + " at channel " + c + ", x " + x + ", y " + y
                                    + ": pixel values must be finite numbers");
                        }
                        pixels[out++] = value / fullScale;
                    }
                }
            }
            return new PixelImage(header, pixels);
        }
    }

    private static Type type(Path file, NpyHeader npy) throws PixelInputException {
        String descr = npy.descr();
        String kind = descr.isEmpty() || "<>|=".indexOf(descr.charAt(0)) < 0 ? descr : descr.substring(1);
        return switch (kind) {
            case "u1" -> Type.UINT8;
            case "u2" -> Type.UINT16;
            case "f4" -> Type.FLOAT32;
            default -> throw new PixelInputException(file + " holds values of NumPy type '" + descr + "'; image arrays must be"
                    + " uint8, uint16 or float32: save it with one of them, e.g. array.astype(numpy.float32)");
        };
    }

    private static PixelHeader header(Path file, NpyHeader npy, Type type, NpyLayout layout) throws PixelInputException {
        long[] shape = npy.shape();
        if (shape.length != 2 && shape.length != 3) {
            throw new PixelInputException(file + " holds an array of shape " + npy.shapeText() + " (" + shape.length
                    + (shape.length == 1 ? " dimension" : " dimensions") + "); an image array has 2 (height, width) or 3"
                    + " (height, width, channels or channels, height, width)");
        }
        for (long d : shape) {
            if (d <= 0 || d > Integer.MAX_VALUE) {
                throw new PixelInputException(file + " holds an array of shape " + npy.shapeText() + ", which has no pixels or too many");
            }
        }
        boolean first = shape.length == 3 && layout.channelsFirst(shape);
        int channels = shape.length == 2 ? 1 : (int) (first ? shape[0] : shape[2]);
        int height = (int) (shape.length == 2 || !first ? shape[0] : shape[1]);
        int width = (int) (shape.length == 2 ? shape[1] : first ? shape[2] : shape[1]);
        return new PixelHeader(channels, height, width, type.bits, type.floating);
    }

    /** Element strides of each image axis, in the file's C or Fortran order. */
    private static Strides strides(NpyHeader npy, NpyLayout layout) {
        long[] shape = npy.shape().length == 2 ? new long[] {1, npy.shape()[0], npy.shape()[1]} : npy.shape();
        long[] axis = new long[3];
        if (npy.fortranOrder()) {
            axis[0] = 1;
            axis[1] = shape[0];
            axis[2] = shape[0] * shape[1];
        } else {
            axis[2] = 1;
            axis[1] = shape[2];
            axis[0] = shape[1] * shape[2];
        }
        boolean first = npy.shape().length == 2 || layout.channelsFirst(shape);
        return first ? new Strides(axis[0], axis[1], axis[2]) : new Strides(axis[2], axis[0], axis[1]);
    }
}
