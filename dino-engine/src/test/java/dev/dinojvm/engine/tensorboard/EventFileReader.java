package dev.dinojvm.engine.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads TensorBoard event files independently of the writer: its own bitwise CRC32C, TFRecord
 * framing and protobuf decoding, failing on a bad checksum or truncated record.
 */
public final class EventFileReader {

    /** One decoded event; absent fields are {@code null}. */
    public record Event(Double wallTime, Long step, String fileVersion, Map<String, Float> scalars, Long sessionStatus) {}

    private EventFileReader() {}

    /** @return the events of the file, in order */
    public static List<Event> read(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (in.hasRemaining()) {
            byte[] lengthBytes = new byte[8];
            in.get(lengthBytes);
            assertThat(in.getInt()).as("length CRC of record " + events.size()).isEqualTo(masked(crc32c(lengthBytes)));
            long length = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            byte[] data = new byte[Math.toIntExact(length)];
            in.get(data);
            assertThat(in.getInt()).as("data CRC of record " + events.size()).isEqualTo(masked(crc32c(data)));
            events.add(event(data));
        }
        return events;
    }

    /** CRC-32C (Castagnoli), reflected polynomial 0x82F63B78, bit by bit. */
    static int crc32c(byte[] data) {
        int crc = 0xFFFFFFFF;
        for (byte b : data) {
            crc ^= b & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
            }
        }
        return ~crc;
    }

    static int masked(int crc) {
        return Integer.rotateRight(crc, 15) + 0xa282ead8;
    }

    private static Event event(byte[] data) {
        Double wallTime = null;
        Long step = null;
        String fileVersion = null;
        Map<String, Float> scalars = null;
        Long status = null;
        for (Field field : fields(data)) {
            switch (field.number()) {
                case 1 -> wallTime = ByteBuffer.wrap(field.bytes()).order(ByteOrder.LITTLE_ENDIAN).getDouble();
                case 2 -> step = field.varint();
                case 3 -> fileVersion = new String(field.bytes(), StandardCharsets.UTF_8);
                case 5 -> scalars = summary(field.bytes());
                case 7 -> status = fields(field.bytes()).get(0).varint(); // session_log (6 is the deprecated log_message)
                default -> throw new AssertionError("unexpected Event field " + field.number());
            }
        }
        return new Event(wallTime, step, fileVersion, scalars, status);
    }

    private static Map<String, Float> summary(byte[] data) {
        Map<String, Float> values = new LinkedHashMap<>();
        for (Field value : fields(data)) {
            assertThat(value.number()).isEqualTo(1);
            List<Field> parts = fields(value.bytes());
            assertThat(parts).extracting(Field::number).containsExactly(1, 2);
            values.put(new String(parts.get(0).bytes(), StandardCharsets.UTF_8),
                    ByteBuffer.wrap(parts.get(1).bytes()).order(ByteOrder.LITTLE_ENDIAN).getFloat());
        }
        return values;
    }

    private record Field(int number, long varint, byte[] bytes) {}

    private static List<Field> fields(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        List<Field> fields = new ArrayList<>();
        while (in.hasRemaining()) {
            long key = varint(in);
            int number = (int) (key >>> 3);
            switch ((int) (key & 7)) {
                case 0 -> fields.add(new Field(number, varint(in), null));
                case 1 -> fields.add(new Field(number, 0, take(in, 8)));
                case 2 -> fields.add(new Field(number, 0, take(in, Math.toIntExact(varint(in)))));
                case 5 -> fields.add(new Field(number, 0, take(in, 4)));
                default -> throw new AssertionError("unexpected wire type in key " + key);
            }
        }
        return fields;
    }

    private static byte[] take(ByteBuffer in, int length) {
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static long varint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0;; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }
}
