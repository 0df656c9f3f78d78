package dev.dinojvm.engine.weights;

import java.util.LinkedHashMap;
import java.util.Map;

/** The values a {@link PickleReader} builds besides plain containers, strings and numbers. */
final class PickleValues {

    private PickleValues() {}

    /** The element types of PyTorch's typed storages, named as {@code torch.save} writes them. */
    enum StorageType {
        FLOAT("FloatStorage", 4), DOUBLE("DoubleStorage", 8), HALF("HalfStorage", 2), BFLOAT16("BFloat16Storage", 2),
        LONG("LongStorage", 8), INT("IntStorage", 4), SHORT("ShortStorage", 2), CHAR("CharStorage", 1),
        BYTE("ByteStorage", 1), BOOL("BoolStorage", 1);

        final String className;
        final int bytes;

        StorageType(String className, int bytes) {
            this.className = className;
            this.bytes = bytes;
        }

        static StorageType byClassName(String name) {
            for (StorageType type : values()) {
                if (type.className.equals(name)) {
                    return type;
                }
            }
            return null;
        }
    }

    /**
     * A storage of the archive, not yet read.
     *
     * @param key its entry under {@code data/}
     * @param type element type
     * @param elements number of elements
     */
    record StorageRef(String key, StorageType type, long elements) {}

    /**
     * A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a view of a storage.
     *
     * @param storage the storage
     * @param offset first element, in elements
     * @param shape dimensions
     * @param stride step of each dimension, in elements
     */
    record PickledTensor(StorageRef storage, long offset, long[] shape, long[] stride) {}

    /**
     * A NumPy dtype, enough to decode scalars.
     *
     * @param code e.g. {@code f8}, {@code i4}
     * @param byteOrder {@code <}, {@code >}, {@code |} or {@code =}
     */
    record NumpyDtype(String code, String byteOrder) {
        NumpyDtype withByteOrder(String order) {
            return new NumpyDtype(code, order);
        }
    }

    /**
     * An {@code argparse.Namespace}: its attributes by name.
     *
     * @param fields attribute → value, filled by the pickle's BUILD
     */
    record Namespace(Map<String, Object> fields) {
        Namespace() {
            this(new LinkedHashMap<>());
        }
    }
}
