package dev.dinojvm.engine.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.dinojvm.engine.util.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Writes and reads float32 NumPy {@code .npy} files (little-endian, C order), and reads the header and data of
 * {@code .npy} files of other types for readers that decode them ({@code data.pixels.NpyPixels}).
 */
public final class NpyFiles {

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /**
     * A float32 array read from a {@code .npy} file.
     *
     * @param shape its dimensions
     * @param values its values in C order
     */
    public record NpyArray(long[] shape, float[] values) {}

    private NpyFiles() {}

    /**
     * The header of a {@code .npy} file: what its data holds and where the data starts.
     *
     * @param descr the NumPy type string, e.g. {@code <f4}, {@code <u2}, {@code |u1}
     * @param fortranOrder whether the data is in Fortran (column-major) order
     * @param shape the dimensions
     * @param dataOffset the byte offset of the first value
     */
    public record NpyHeader(String descr, boolean fortranOrder, long[] shape, long dataOffset) {

        /** @return the number of values, the product of the dimensions */
        public long count() {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }

        /** @return the shape as NumPy prints it, e.g. {@code (4, 32, 32)} */
        public String shapeText() {
            return Arrays.stream(shape).mapToObj(Long::toString)
                    .collect(Collectors.joining(", ", "(", shape.length == 1 ? ",)" : ")"));
        }
    }

    /**
     * Reads a little-endian float32 array in C order (what {@link #write} and NumPy's {@code np.save} of
     * a float32 array write).
     *
     * @param file the file
     * @return the array
     * @throws IOException when the file is not such an array (one-line message)
     */
    public static NpyArray read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            NpyHeader header = header(file, channel);
            if (!header.descr().equals("<f4") || header.fortranOrder()) {
                throw new IOException(file + " holds " + header.descr() + (header.fortranOrder() ? " in Fortran order" : "")
                        + "; expected little-endian float32 in C order ('<f4')");
            }
            float[] values = new float[(int) header.count()];
            data(file, channel, header, 4).asFloatBuffer().get(values);
            return new NpyArray(header.shape(), values);
        }
    }

    /**
     * Reads the header of a {@code .npy} file (format versions 1 to 3).
     *
     * @param file the file, for messages
     * @param channel the open file
     * @return its header
     * @throws IOException when the file is not a {@code .npy} file or its header is malformed (one-line message)
     */
    public static NpyHeader header(Path file, FileChannel channel) throws IOException {
        ByteBuffer preamble = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(preamble, 0);
        preamble.flip();
        byte[] magic = new byte[6];
        if (preamble.remaining() < 10 || !new String(preamble.get(magic).array(), 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IOException(file + " is not a NumPy .npy file");
        }
        int major = preamble.get(6);
        int headerLength = major == 1 ? preamble.getShort(8) & 0xffff : preamble.getInt(8);
        int headerStart = major == 1 ? 10 : 12;
        if (headerLength < 0 || headerLength > channel.size() - headerStart) {
            throw new IOException(file + " has a malformed .npy header");
        }
        ByteBuffer header = ByteBuffer.allocate(headerLength);
        channel.read(header, headerStart);
        String text = new String(header.array(), StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(text);
        Matcher fortran = FORTRAN.matcher(text);
        Matcher shape = SHAPE.matcher(text);
        if (!descr.find() || !shape.find() || !fortran.find()) {
            throw new IOException(file + " has a malformed .npy header");
        }
        long[] dims;
        try {
            dims = Arrays.stream(shape.group(1).split(",")).map(String::trim).filter(d -> !d.isEmpty())
                    .mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new IOException(file + " has a malformed .npy header (shape " + shape.group(1) + ")", e);
        }
        return new NpyHeader(descr.group(1), fortran.group(1).equals("True"), dims, headerStart + (long) headerLength);
    }

    /**
     * Maps the data of a {@code .npy} file, little-endian.
     *
     * @param file the file, for messages
     * @param channel the open file
     * @param header its header
     * @param bytesPerValue the size of one value of its type
     * @return the values' bytes, read-only
     * @throws IOException when the file is shorter than its header says, or holds over 2 GiB
     */
    public static ByteBuffer data(Path file, FileChannel channel, NpyHeader header, int bytesPerValue) throws IOException {
        long bytes = header.count() * bytesPerValue;
        if (bytes > Integer.MAX_VALUE || channel.size() - header.dataOffset() < bytes) {
            throw new IOException(file + " is truncated or holds more than 2 GiB of data");
        }
        return channel.map(FileChannel.MapMode.READ_ONLY, header.dataOffset(), bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Writes {@code rows} as an {@code (N, D)} float32 array. DJL encodes NumPy arrays only inside an
     * {@code .npz} archive (its single-array encoder is package-private), so the array is encoded as
     * an {@code .npz} in memory and its one entry, which is a complete {@code .npy} file, is copied out.
     *
     * @param file the file to create or replace (atomically: see {@link AtomicFiles})
     * @param rows N rows of D values
     * @param manager for the temporary array
     * @throws IOException on write failure
     */
    public static void write(Path file, float[][] rows, NDManager manager) throws IOException {
        int dim = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * dim, dim);
        }
        write(file, flat, new Shape(rows.length, dim), manager);
    }

    /**
     * Writes values of any shape as a float32 array, as {@link #write(Path, float[][], NDManager)} does.
     *
     * @param file the file to create or replace
     * @param values the values in C order
     * @param shape their shape
     * @param manager for the temporary array
     * @throws IOException on write failure
     */
    public static void write(Path file, float[] values, Shape shape, NDManager manager) throws IOException {
        ByteArrayOutputStream npz = new ByteArrayOutputStream(values.length * 4 + 1024);
        try (NDManager scope = manager.newSubManager(ai.djl.Device.cpu())) {
            NDArray array = scope.create(values, shape);
            new NDList(array).encode(npz, NDList.Encoding.NPZ);
        }
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(npz.toByteArray()))) {
            ZipEntry entry = zip.getNextEntry();
            if (entry == null) {
                throw new IOException("DJL wrote an empty .npz archive");
            }
            AtomicFiles.write(file, temporary -> Files.copy(zip, temporary));
        }
    }
}
