package dev.dinojvm.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** Named tensors to and from safetensors files, through DJL's NDList encoding, flushed to disk. */
public final class SafetensorsFiles {

    private SafetensorsFiles() {}

    /**
     * Writes the arrays under the given names and forces the file to disk.
     *
     * @param file the file to create or replace
     * @param arrays name → array, written in this order
     * @throws IOException on write failure
     */
    public static void write(Path file, Map<String, NDArray> arrays) throws IOException {
        NDList list = new NDList(arrays.size());
        NDList hostCopies = new NDList();
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            NDArray host = e.getValue().toDevice(ai.djl.Device.cpu(), false);
            if (host != e.getValue()) {
                hostCopies.add(host);
            }
            host.setName(e.getKey());
            list.add(host);
        }
        try (hostCopies;
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 20)) {
            list.encode(out, NDList.Encoding.SAFETENSORS);
            out.flush();
            channel.force(true);
        }
    }

    /**
     * @param parameters named parameters
     * @param prefix only those whose name starts with it, written without it ({@code ""} for all)
     * @return name → current value
     */
    public static Map<String, NDArray> values(ParameterList parameters, String prefix) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : parameters) {
            if (p.getKey().startsWith(prefix)) {
                out.put(p.getKey().substring(prefix.length()), p.getValue().getArray());
            }
        }
        return out;
    }

    /**
     * Reads a safetensors file.
     *
     * @param file the file
     * @param manager manager for the arrays
     * @return name → array
     * @throws IOException on read failure or a malformed file
     */
    public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            NDList list = NDList.decode(manager, in);
            Map<String, NDArray> out = new LinkedHashMap<>();
            for (NDArray array : list) {
                out.put(array.getName(), array);
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a valid safetensors file: " + e.getMessage(), e);
        }
    }

    /**
     * Copies values into parameters by name, checking that every parameter is present with its shape.
     *
     * @param parameters the parameters to overwrite
     * @param prefix the prefix the stored names lack ({@code ""} when names are full)
     * @param values stored name → array
     * @param what what is loaded, for error messages
     */
    public static void load(ParameterList parameters, String prefix, Map<String, NDArray> values, String what) {
        for (Pair<String, Parameter> p : parameters) {
            if (!p.getKey().startsWith(prefix)) {
                continue;
            }
            String name = p.getKey().substring(prefix.length());
            NDArray stored = values.get(name);
            NDArray target = p.getValue().getArray();
            if (stored == null) {
                throw new IllegalStateException(what + " has no tensor '" + name + "'");
            }
            if (!stored.getShape().equals(target.getShape())) {
                throw new IllegalStateException(what + ": '" + name + "' has shape " + stored.getShape()
                        + " but the model expects " + target.getShape());
            }
            target.set(stored.toByteBuffer());
        }
    }
}
