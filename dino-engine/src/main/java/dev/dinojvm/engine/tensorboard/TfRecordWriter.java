package dev.dinojvm.engine.tensorboard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Writes TFRecord framing: for each record, its length (uint64, little-endian), the masked CRC32C of
 * those 8 bytes, the data, the masked CRC32C of the data. Every record is flushed at once, so that a
 * reader following the file (TensorBoard) sees it.
 */
final class TfRecordWriter implements AutoCloseable {

    private static final int MASK_DELTA = 0xa282ead8;

    private final OutputStream out;

    TfRecordWriter(OutputStream out) {
        this.out = out;
    }

    /** Frames and writes one record. */
    void write(byte[] data) throws IOException {
        byte[] length = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
        ByteBuffer record = ByteBuffer.allocate(8 + 4 + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        record.put(length).putInt(maskedCrc32c(length)).put(data).putInt(maskedCrc32c(data));
        out.write(record.array());
        out.flush();
    }

    /** @return TFRecord's masked CRC32C: the checksum rotated right by 15 bits plus a constant */
    static int maskedCrc32c(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        int value = (int) crc.getValue();
        return ((value >>> 15) | (value << 17)) + MASK_DELTA;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
