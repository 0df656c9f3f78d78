package dev.dinojvm.engine.tensorboard;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Encodes the few fields of TensorFlow's {@code Event} and {@code Summary} protobufs that scalar
 * event files use. Written by hand rather than generated: protobuf-java and a build step for five
 * fields of a stable wire format would be the larger dependency.
 *
 * <pre>
 * Event { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; SessionLog session_log = 7; }
 * Summary { repeated Value value = 1; }  Value { string tag = 1; float simple_value = 2; }
 * SessionLog { SessionStatus status = 1; }  (START = 1)
 * </pre>
 */
final class EventProtos {

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;
    private static final int SESSION_START = 1;

    private EventProtos() {}

    /** @return the first event of every file, naming the format version */
    static byte[] fileVersion(double wallTime) {
        Message event = new Message().fixed64(1, wallTime).string(3, "brain.Event:2");
        return event.bytes();
    }

    /** @return an event holding one scalar per entry, tag to value */
    static byte[] scalars(double wallTime, long step, Map<String, Double> scalars) {
        Message summary = new Message();
        scalars.forEach((tag, value) -> summary.message(1, new Message().string(1, tag).fixed32(2, value.floatValue())));
        return new Message().fixed64(1, wallTime).varint(2, step).message(5, summary).bytes();
    }

    /**
     * @return a session start at {@code step}: TensorBoard then drops the points at or after it that an
     *     earlier, interrupted run wrote (a resumed run trains those iterations again)
     */
    static byte[] sessionStart(double wallTime, long step) {
        return new Message().fixed64(1, wallTime).varint(2, step).message(7, new Message().varint(1, SESSION_START)).bytes();
    }

    /** A protobuf message being encoded, fields in the order they are added. */
    private static final class Message {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Message varint(int field, long value) {
            key(field, VARINT);
            writeVarint(value);
            return this;
        }

        Message fixed64(int field, double value) {
            key(field, FIXED64);
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(value).array());
            return this;
        }

        Message fixed32(int field, float value) {
            key(field, FIXED32);
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array());
            return this;
        }

        Message string(int field, String value) {
            return lengthDelimited(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Message message(int field, Message value) {
            return lengthDelimited(field, value.bytes());
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private Message lengthDelimited(int field, byte[] value) {
            key(field, LENGTH_DELIMITED);
            writeVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        private void key(int field, int wireType) {
            writeVarint((long) field << 3 | wireType);
        }

        private void writeVarint(long value) {
            long rest = value;
            while ((rest & ~0x7FL) != 0) {
                out.write((int) (rest & 0x7F) | 0x80);
                rest >>>= 7;
            }
            out.write((int) rest);
        }
    }
}
