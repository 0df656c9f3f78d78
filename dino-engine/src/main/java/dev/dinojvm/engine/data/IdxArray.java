package dev.dinojvm.engine.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * The content of an IDX file (the MNIST format) holding unsigned bytes: a big-endian header {@code 0x00
 * 0x00 <type> <rank>} followed by {@code rank} big-endian int32 dimensions, then the data, row-major.
 *
 * @param name file name, for messages
 * @param dims the dimensions as declared in the header; {@code dims[0]} is the item count of the file
 * @param items how many items (along {@code dims[0]}) were read into {@code data}
 * @param data {@code items * itemSize()} bytes
 */
record IdxArray(String name, int[] dims, int items, byte[] data) {

    private static final int UNSIGNED_BYTE = 0x08;

    /** @return bytes per item: the product of the dimensions after the first */
    int itemSize() {
        int size = 1;
        for (int i = 1; i < dims.length; i++) {
            size *= dims[i];
        }
        return size;
    }

    /** @return the item count declared in the header, which may exceed {@link #items} when a limit was used */
    int declaredItems() {
        return dims[0];
    }

    /**
     * Reads an IDX file, gzip-compressed or not (detected from the gzip magic bytes).
     *
     * @param in the raw stream; not closed here
     * @param name file name for messages
     * @param maxItems read at most this many items, 0 for all
     */
    static IdxArray read(InputStream in, String name, int maxItems) throws IOException {
        DataInputStream data = new DataInputStream(decompressIfGzip(in));
        int zero1 = data.read();
        int zero2 = data.read();
        int type = data.read();
        int rank = data.read();
        if (rank < 0) {
            throw new IOException(name + ": not an IDX file (shorter than its 4-byte magic number)");
        }
        if (zero1 != 0 || zero2 != 0) {
            throw new IOException(name + ": not an IDX file (magic number must start with two zero bytes)");
        }
        if (type != UNSIGNED_BYTE) {
            throw new IOException(name + String.format(": unsupported IDX data type 0x%02X (only 0x08, unsigned byte)", type));
        }
        if (rank == 0) {
            throw new IOException(name + ": IDX file declares no dimensions");
        }
        int[] dims = new int[rank];
        try {
            for (int i = 0; i < rank; i++) {
                dims[i] = data.readInt();
                if (dims[i] < 0) {
                    throw new IOException(name + ": negative IDX dimension " + dims[i]);
                }
            }
        } catch (EOFException e) {
            throw new IOException(name + ": truncated IDX header", e);
        }
        long itemSize = 1;
        for (int i = 1; i < rank; i++) {
            itemSize *= dims[i];
        }
        int items = maxItems > 0 ? Math.min(maxItems, dims[0]) : dims[0];
        long bytes = items * itemSize;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IOException(name + ": " + items + " items of " + itemSize + " bytes are too many to hold in memory; use a limit");
        }
        byte[] content = data.readNBytes((int) bytes);
        if (content.length != bytes) {
            throw new IOException(name + ": truncated IDX file, header " + Arrays.toString(dims) + " needs " + bytes + " bytes of data, found " + content.length);
        }
        return new IdxArray(name, dims, items, content);
    }

    private static InputStream decompressIfGzip(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        boolean gzip = b1 == 0x1f && b2 == 0x8b;
        return gzip ? new GZIPInputStream(buffered) : buffered;
    }
}
