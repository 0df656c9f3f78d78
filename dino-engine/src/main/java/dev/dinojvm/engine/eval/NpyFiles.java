package dev.dinojvm.engine.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.dinojvm.engine.util.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Writes a float matrix as a NumPy {@code .npy} file (format 1.0, little-endian float32, C order). */
public final class NpyFiles {

    private NpyFiles() {}

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
        ByteArrayOutputStream npz = new ByteArrayOutputStream(flat.length * 4 + 1024);
        try (NDManager scope = manager.newSubManager(ai.djl.Device.cpu())) {
            NDArray array = scope.create(flat, new Shape(rows.length, dim));
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
