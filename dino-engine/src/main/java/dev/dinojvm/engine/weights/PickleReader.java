package dev.dinojvm.engine.weights;

import dev.dinojvm.engine.weights.PickleValues.Namespace;
import dev.dinojvm.engine.weights.PickleValues.NumpyDtype;
import dev.dinojvm.engine.weights.PickleValues.PickledTensor;
import dev.dinojvm.engine.weights.PickleValues.StorageRef;
import dev.dinojvm.engine.weights.PickleValues.StorageType;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A restricted unpickler for the {@code data.pkl} of a {@code torch.save} archive. It interprets the
 * binary pickle opcodes (protocols 2 to 5) itself and never runs anything: it knows only the globals
 * a state dict needs and refuses any other one, by name, when it meets it, before any storage is read.
 *
 * <p>Results: dicts are {@link LinkedHashMap}s, lists {@link ArrayList}s, tuples unmodifiable lists,
 * {@code None} is {@code null}, integers {@link Long} (or {@link BigInteger}), floats {@link Double},
 * tensors {@link PickledTensor}s, {@code argparse.Namespace} a {@link Namespace}, NumPy scalars numbers.
 */
final class PickleReader {

    /** Resolves a persistent id (BINPERSID), which {@code torch.save} uses for storages. */
    @FunctionalInterface
    interface PersistentLoader {
        Object load(Object persistentId) throws WeightsFileException;
    }

    /** The callables a state dict, an optimizer state and the official training arguments need. */
    private enum Callable {
        REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2"),
        REBUILD_TENSOR("torch._utils", "_rebuild_tensor"),
        REBUILD_PARAMETER("torch._utils", "_rebuild_parameter"),
        ORDERED_DICT("collections", "OrderedDict"),
        NAMESPACE("argparse", "Namespace"),
        NUMPY_SCALAR("numpy.core.multiarray", "scalar"),
        NUMPY_2_SCALAR("numpy._core.multiarray", "scalar"),
        NUMPY_DTYPE("numpy", "dtype"),
        ENCODE("_codecs", "encode");

        final String module;
        final String name;

        Callable(String module, String name) {
            this.module = module;
            this.name = name;
        }
    }

    private static final Set<String> NUMPY_FLOATS = Set.of("f2", "f4", "f8");
    private static final Object MARK = new Object();

    private final ByteBuffer data;
    private final String source;
    private final PersistentLoader persistentLoader;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Integer, Object> memo = new HashMap<>();

    private PickleReader(byte[] pickle, String source, PersistentLoader persistentLoader) {
        this.data = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
        this.source = source;
        this.persistentLoader = persistentLoader;
    }

    /**
     * @param pickle the pickle's bytes
     * @param source what it is, for messages (e.g. the file name)
     * @param persistentLoader resolves persistent ids
     * @return the unpickled object
     * @throws WeightsFileException for a refused global, an unsupported or malformed pickle
     */
    static Object read(byte[] pickle, String source, PersistentLoader persistentLoader) throws WeightsFileException {
        PickleReader reader = new PickleReader(pickle, source, persistentLoader);
        try {
            return reader.run();
        } catch (BufferUnderflowException e) {
            throw reader.malformed("the pickle ends early (truncated file?)");
        } catch (ClassCastException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw reader.malformed("unexpected pickle content (" + e.getMessage() + ")");
        }
    }

    private Object run() throws WeightsFileException {
        while (true) {
            int position = data.position();
            int opcode = data.get() & 0xff;
            switch (opcode) {
                case 0x80 -> data.get(); // PROTO
                case 0x95 -> data.getLong(); // FRAME: the frame's bytes follow inline
                case '.' -> { // STOP
                    return pop();
                }
                case '(' -> marks.add(stack.size());
                case '}' -> push(new LinkedHashMap<>());
                case ']' -> push(new ArrayList<>());
                case ')' -> push(Collections.emptyList());
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) data.getInt());
                case 'K' -> push((long) (data.get() & 0xff));
                case 'M' -> push((long) (data.getShort() & 0xffff));
                case 0x8a -> push(longValue(bytes(data.get() & 0xff)));
                case 0x8b -> push(longValue(bytes(data.getInt())));
                case 'G' -> push(ByteBuffer.wrap(bytes(8)).getDouble()); // BINFLOAT is big-endian
                case 'X' -> push(text(data.getInt()));
                case 0x8c -> push(text(data.get() & 0xff));
                case 0x8d -> push(text(Math.toIntExact(data.getLong())));
                case 'C' -> push(bytes(data.get() & 0xff));
                case 'B' -> push(bytes(data.getInt()));
                case 0x8e -> push(bytes(Math.toIntExact(data.getLong())));
                case 'U' -> push(new String(bytes(data.get() & 0xff), StandardCharsets.ISO_8859_1));
                case 'T' -> push(new String(bytes(data.getInt()), StandardCharsets.ISO_8859_1));
                case 'q' -> memo.put(data.get() & 0xff, peek());
                case 'r' -> memo.put(data.getInt(), peek());
                case 0x94 -> memo.put(memo.size(), peek());
                case 'h' -> push(memoGet(data.get() & 0xff));
                case 'j' -> push(memoGet(data.getInt()));
                case '0' -> pop();
                case '2' -> push(peek());
                case '1' -> popMark();
                case 't' -> push(Collections.unmodifiableList(popMark()));
                case 0x85 -> push(tuple(1));
                case 0x86 -> push(tuple(2));
                case 0x87 -> push(tuple(3));
                case 'l' -> push(popMark());
                case 'd' -> push(toMap(popMark()));
                case 'a' -> {
                    Object value = pop();
                    list(peek()).add(value);
                }
                case 'e' -> {
                    List<Object> items = popMark();
                    list(peek()).addAll(items);
                }
                case 's' -> {
                    Object value = pop();
                    Object key = pop();
                    map(peek()).put(key, value);
                }
                case 'u' -> {
                    List<Object> items = popMark();
                    map(peek()).putAll(toMap(items));
                }
                case 'c' -> push(global(line(), line()));
                case 0x93 -> {
                    String name = (String) pop();
                    push(global((String) pop(), name));
                }
                case 'Q' -> push(persistentLoader.load(pop()));
                case 'R' -> {
                    List<?> arguments = (List<?>) pop();
                    push(call(pop(), arguments));
                }
                case 0x81 -> { // NEWOBJ: cls.__new__(cls, *args)
                    pop();
                    push(newObject(pop()));
                }
                case 'b' -> {
                    Object state = pop();
                    build(peek(), state);
                }
                default -> throw malformed(String.format("unsupported pickle opcode 0x%02x at byte %d", opcode, position));
            }
        }
    }

    /** Resolves a global: only the known callables and storage types; anything else is refused by name. */
    private Object global(String module, String name) throws WeightsFileException {
        if (module.equals("torch")) {
            StorageType storage = StorageType.byClassName(name);
            if (storage != null) {
                return storage;
            }
        }
        for (Callable callable : Callable.values()) {
            if (callable.module.equals(module) && callable.name.equals(name)) {
                return callable;
            }
        }
        throw new WeightsFileException(source + ": refused the pickle global " + module + "." + name
                + ", which a plain state dict does not need (loading it in Python could run code); nothing was executed");
    }

    private Object call(Object callable, List<?> arguments) throws WeightsFileException {
        if (!(callable instanceof Callable known)) {
            throw malformed("the pickle calls " + callable + ", which is not a function");
        }
        return switch (known) {
            case REBUILD_TENSOR_V2, REBUILD_TENSOR -> new PickledTensor((StorageRef) arguments.get(0),
                    number(arguments.get(1)), longs(arguments.get(2)), longs(arguments.get(3)));
            case REBUILD_PARAMETER -> arguments.get(0);
            case ORDERED_DICT -> orderedDict(arguments);
            case NAMESPACE -> new Namespace();
            case NUMPY_DTYPE -> new NumpyDtype((String) arguments.get(0), "=");
            case NUMPY_SCALAR, NUMPY_2_SCALAR -> numpyScalar((NumpyDtype) arguments.get(0), (byte[]) arguments.get(1));
            case ENCODE -> ((String) arguments.get(0)).getBytes(StandardCharsets.ISO_8859_1);
        };
    }

    /** {@code OrderedDict()} then SETITEMS, as Python 3 pickles it, or {@code OrderedDict([[key, value], ...])}. */
    private static Map<Object, Object> orderedDict(List<?> arguments) {
        Map<Object, Object> map = new LinkedHashMap<>();
        if (!arguments.isEmpty()) {
            for (Object pair : (List<?>) arguments.get(0)) {
                List<?> entry = (List<?>) pair;
                map.put(entry.get(0), entry.get(1));
            }
        }
        return map;
    }

    private Object newObject(Object type) throws WeightsFileException {
        if (type == Callable.NAMESPACE) {
            return new Namespace();
        }
        if (type == Callable.ORDERED_DICT) {
            return new LinkedHashMap<>();
        }
        throw malformed("the pickle creates an object of " + type + ", which is not supported");
    }

    /** BUILD: a Namespace takes its attributes, a dtype its byte order; a dict's attributes (_metadata) are dropped. */
    private void build(Object target, Object state) throws WeightsFileException {
        if (target instanceof Namespace namespace && state instanceof Map<?, ?> fields) {
            fields.forEach((key, value) -> namespace.fields().put(String.valueOf(key), value));
        } else if (target instanceof NumpyDtype dtype && state instanceof List<?> tuple && tuple.size() > 1) {
            stack.set(stack.size() - 1, dtype.withByteOrder((String) tuple.get(1)));
        } else if (!(target instanceof Map)) {
            throw malformed("the pickle sets the state of " + describe(target) + ", which is not supported");
        }
    }

    private Number numpyScalar(NumpyDtype dtype, byte[] raw) throws WeightsFileException {
        ByteBuffer buffer = ByteBuffer.wrap(raw).order(dtype.byteOrder().equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        String code = dtype.code();
        if (NUMPY_FLOATS.contains(code)) {
            return switch (code) {
                case "f8" -> buffer.getDouble();
                case "f4" -> (double) buffer.getFloat();
                default -> (double) HalfFloats.toFloat(buffer.getShort());
            };
        }
        return switch (code) {
            case "i8", "u8" -> buffer.getLong();
            case "i4" -> (long) buffer.getInt();
            case "u4" -> buffer.getInt() & 0xffffffffL;
            case "i2" -> (long) buffer.getShort();
            case "u2" -> (long) (buffer.getShort() & 0xffff);
            case "i1" -> (long) buffer.get();
            case "u1", "b1" -> (long) (buffer.get() & 0xff);
            default -> throw malformed("NumPy scalars of dtype " + code + " are not supported");
        };
    }

    private Object memoGet(int index) throws WeightsFileException {
        if (!memo.containsKey(index)) {
            throw malformed("the pickle refers to memo entry " + index + ", which it never stored");
        }
        return memo.get(index);
    }

    private List<Object> tuple(int size) {
        List<Object> items = new ArrayList<>(stack.subList(stack.size() - size, stack.size()));
        stack.subList(stack.size() - size, stack.size()).clear();
        return Collections.unmodifiableList(items);
    }

    private List<Object> popMark() throws WeightsFileException {
        if (marks.isEmpty()) {
            throw malformed("the pickle closes a MARK it never opened");
        }
        int mark = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(mark, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    private static Map<Object, Object> toMap(List<Object> keysAndValues) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.size(); i += 2) {
            map.put(keysAndValues.get(i), keysAndValues.get(i + 1));
        }
        return map;
    }

    private void push(Object value) {
        stack.add(value);
    }

    private Object pop() throws WeightsFileException {
        if (stack.isEmpty()) {
            throw malformed("the pickle pops an empty stack");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws WeightsFileException {
        if (stack.isEmpty()) {
            throw malformed("the pickle reads an empty stack");
        }
        return stack.get(stack.size() - 1);
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object value) throws WeightsFileException {
        if (value instanceof ArrayList<?>) {
            return (List<Object>) value;
        }
        throw malformed("the pickle appends to " + describe(value));
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> map(Object value) throws WeightsFileException {
        if (value instanceof Map<?, ?>) {
            return (Map<Object, Object>) value;
        }
        throw malformed("the pickle sets an item of " + describe(value));
    }

    private byte[] bytes(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        byte[] bytes = new byte[length];
        data.get(bytes);
        return bytes;
    }

    private String text(int length) {
        return new String(bytes(length), StandardCharsets.UTF_8);
    }

    /** A newline-terminated ASCII argument of GLOBAL. */
    private String line() {
        StringBuilder line = new StringBuilder();
        for (byte b = data.get(); b != '\n'; b = data.get()) {
            line.append((char) b);
        }
        return line.toString();
    }

    /** LONG1/LONG4: little-endian two's complement, as a Long when it fits. */
    private static Number longValue(byte[] littleEndian) {
        if (littleEndian.length == 0) {
            return 0L;
        }
        byte[] bigEndian = new byte[littleEndian.length];
        for (int i = 0; i < littleEndian.length; i++) {
            bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
        }
        BigInteger value = new BigInteger(bigEndian);
        return value.bitLength() < 64 ? (Number) value.longValue() : value;
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    private static long[] longs(Object tuple) {
        List<?> items = (List<?>) tuple;
        long[] values = new long[items.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(items.get(i));
        }
        return values;
    }

    private static String describe(Object value) {
        return value == null ? "None" : value.getClass().getSimpleName();
    }

    private WeightsFileException malformed(String what) {
        return new WeightsFileException(source + " is not a readable PyTorch state dict: " + what);
    }
}
