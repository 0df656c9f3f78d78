package dev.dinojvm.engine.weights;

import dev.dinojvm.engine.weights.PickleValues.PickledTensor;
import dev.dinojvm.engine.weights.PickleValues.StorageRef;
import dev.dinojvm.engine.weights.PickleValues.StorageType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A {@code torch.save} file (PyTorch 1.6 and later): a zip archive holding {@code <name>/data.pkl},
 * the raw storages {@code <name>/data/<key>} and optionally {@code <name>/byteorder}. The pickle is
 * read by {@link PickleReader}; storages are read when a tensor is asked for.
 */
final class TorchArchive implements AutoCloseable {

    private final ZipFile zip;
    private final String file;
    private final String prefix;
    private final ByteOrder byteOrder;
    private final Map<String, ByteBuffer> storages = new HashMap<>();

    private TorchArchive(ZipFile zip, String file, String prefix, ByteOrder byteOrder) {
        this.zip = zip;
        this.file = file;
        this.prefix = prefix;
        this.byteOrder = byteOrder;
    }

    /**
     * @param path a {@code torch.save} zip file
     * @return the open archive
     * @throws WeightsFileException when it is not a complete zip archive with a {@code data.pkl}
     */
    static TorchArchive open(Path path) throws WeightsFileException {
        String file = path.getFileName().toString();
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new WeightsFileException(file + " is a damaged or truncated zip archive (" + e.getMessage() + "); download it again");
        } catch (IOException e) {
            throw new WeightsFileException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            ZipEntry pickle = zip.stream().filter(e -> e.getName().endsWith("data.pkl")).findFirst()
                    .orElseThrow(() -> new WeightsFileException(file + " is a zip archive but not a PyTorch file (it has no data.pkl)"));
            String prefix = pickle.getName().substring(0, pickle.getName().length() - "data.pkl".length());
            ZipEntry order = zip.getEntry(prefix + "byteorder");
            ByteOrder byteOrder = order != null && new String(read(zip, order, file), StandardCharsets.US_ASCII).trim().equals("big")
                    ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            return new TorchArchive(zip, file, prefix, byteOrder);
        } catch (WeightsFileException | RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    /**
     * Unpickles {@code data.pkl}, refusing any global a state dict does not need.
     *
     * @return the saved object (usually a map)
     * @throws WeightsFileException when the pickle is refused or malformed
     */
    Object content() throws WeightsFileException {
        byte[] pickle = read(zip, zip.getEntry(prefix + "data.pkl"), file);
        return PickleReader.read(pickle, file, this::storageReference);
    }

    /**
     * Reads a tensor's values from its storage, converted to float32 and made contiguous.
     *
     * @param name the tensor's name, for messages
     * @param tensor the tensor
     * @return its values
     * @throws WeightsFileException when the storage is missing, too short or of an unsupported type
     */
    WeightTensor tensor(String name, PickledTensor tensor) throws WeightsFileException {
        StorageRef storage = tensor.storage();
        ByteBuffer bytes = storage(storage);
        long count = WeightTensor.elementCount(tensor.shape());
        if (count > Integer.MAX_VALUE) {
            throw new WeightsFileException(file + ": tensor " + name + " has " + count + " elements, more than one Java array holds");
        }
        long last = tensor.offset();
        for (int d = 0; d < tensor.shape().length; d++) {
            last += (tensor.shape()[d] - 1) * tensor.stride()[d];
        }
        if (count > 0 && (tensor.offset() < 0 || last >= storage.elements())) {
            throw new WeightsFileException(file + ": tensor " + name + " reaches past the end of its storage " + storage.key());
        }
        float[] values = new float[(int) count];
        long[] index = new long[tensor.shape().length];
        for (int i = 0; i < values.length; i++) {
            long element = tensor.offset();
            for (int d = 0; d < index.length; d++) {
                element += index[d] * tensor.stride()[d];
            }
            values[i] = element(bytes, storage.type(), (int) element);
            increment(index, tensor.shape());
        }
        return new WeightTensor(tensor.shape().clone(), values);
    }

    private Object storageReference(Object persistentId) throws WeightsFileException {
        if (!(persistentId instanceof List<?> id) || id.size() < 5 || !"storage".equals(id.get(0))
                || !(id.get(1) instanceof StorageType type) || !(id.get(4) instanceof Number elements)) {
            throw new WeightsFileException(file + " is not a readable PyTorch state dict: unknown persistent id " + persistentId);
        }
        return new StorageRef(String.valueOf(id.get(2)), type, elements.longValue());
    }

    private ByteBuffer storage(StorageRef storage) throws WeightsFileException {
        ByteBuffer cached = storages.get(storage.key());
        if (cached != null) {
            return cached;
        }
        ZipEntry entry = zip.getEntry(prefix + "data/" + storage.key());
        if (entry == null) {
            throw new WeightsFileException(file + " lacks the storage data/" + storage.key() + " (truncated or damaged file)");
        }
        byte[] raw = read(zip, entry, file);
        long expected = storage.elements() * storage.type().bytes;
        if (raw.length != expected) {
            throw new WeightsFileException(file + ": storage data/" + storage.key() + " holds " + raw.length + " bytes but "
                    + storage.elements() + " " + storage.type().className + " elements need " + expected + " (damaged file)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(raw).order(byteOrder);
        storages.put(storage.key(), buffer);
        return buffer;
    }

    private static float element(ByteBuffer bytes, StorageType type, int element) {
        int at = element * type.bytes;
        return switch (type) {
            case FLOAT -> bytes.getFloat(at);
            case DOUBLE -> (float) bytes.getDouble(at);
            case HALF -> HalfFloats.toFloat(bytes.getShort(at));
            case BFLOAT16 -> HalfFloats.bfloat16ToFloat(bytes.getShort(at));
            case LONG -> bytes.getLong(at);
            case INT -> bytes.getInt(at);
            case SHORT -> bytes.getShort(at);
            case CHAR -> bytes.get(at);
            case BYTE, BOOL -> bytes.get(at) & 0xff;
        };
    }

    private static void increment(long[] index, long[] shape) {
        for (int d = index.length - 1; d >= 0; d--) {
            if (++index[d] < shape[d]) {
                return;
            }
            index[d] = 0;
        }
    }

    private static byte[] read(ZipFile zip, ZipEntry entry, String file) throws WeightsFileException {
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new WeightsFileException(file + ": cannot read " + entry.getName() + " (" + e.getMessage() + "; damaged file?)", e);
        }
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // already failing with a clearer message
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
