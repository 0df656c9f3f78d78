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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Writes and reads float32 NumPy {@code .npy} files (little-endian, C order). */
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
     * Reads a little-endian float32 array in C order (what {@link #write} and NumPy's {@code np.save} of
     * a float32 array write).
     *
     * @param file the file
     * @return the array
     * @throws IOException when the file is not such an array (one-line message)
     */
    public static NpyArray read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
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
            ByteBuffer header = ByteBuffer.allocate(headerLength);
            channel.read(header, headerStart);
            String text = new String(header.array(), StandardCharsets.ISO_8859_1);
            Matcher descr = DESCR.matcher(text);
            Matcher fortran = FORTRAN.matcher(text);
            Matcher shape = SHAPE.matcher(text);
            if (!descr.find() || !shape.find() || !fortran.find()) {
                throw new IOException(file + " has a malformed .npy header");
            }
            if (!descr.group(1).equals("<f4") || fortran.group(1).equals("True")) {
                throw new IOException(file + " holds " + descr.group(1) + (fortran.group(1).equals("True") ? " in Fortran order" : "")
                        + "; expected little-endian float32 in C order ('<f4')");
            }
            long[] dims = java.util.Arrays.stream(shape.group(1).split(",")).map(String::trim).filter(d -> !d.isEmpty())
                    .mapToLong(Long::parseLong).toArray();
            long count = java.util.Arrays.stream(dims).reduce(1, (a, b) -> a * b);
            long dataStart = headerStart + (long) headerLength;
            if (count * 4 > Integer.MAX_VALUE || channel.size() - dataStart < count * 4) {
                throw new IOException(file + " is truncated or larger than 2 GiB of float32 data");
            }
            float[] values = new float[(int) count];
            channel.map(FileChannel.MapMode.READ_ONLY, dataStart, count * 4).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(values);
            return new NpyArray(dims, values);
        }
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
