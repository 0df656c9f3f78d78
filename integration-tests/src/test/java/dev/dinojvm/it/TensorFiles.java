package dev.dinojvm.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** float32 tensors in safetensors and NumPy .npy files, read and written by the formats' specifications, independently of DJL. */
final class TensorFiles {

    private TensorFiles() {}

    /** A float32 tensor. */
    record Tensor(long[] shape, float[] values) {}

    /** Writes F32 tensors as a safetensors file: 8-byte little-endian header length, JSON header, data. */
    static void writeSafetensors(Path file, Map<String, Tensor> tensors) throws IOException {
        JsonObject header = new JsonObject();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            entry.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset += 4L * e.getValue().values().length;
            offsets.add(offset);
            entry.add("data_offsets", offsets);
            header.add(e.getKey(), entry);
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + json.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json);
        for (Tensor t : tensors.values()) {
            for (float v : t.values()) {
                out.putFloat(v);
            }
        }
        Files.write(file, out.array());
    }

    /** Reads every F32 tensor of a safetensors file. */
    static Map<String, Tensor> readSafetensors(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = Math.toIntExact(bytes.getLong(0));
        JsonObject header = JsonParser.parseString(new String(bytes.array(), 8, headerLength, StandardCharsets.UTF_8)).getAsJsonObject();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String name : header.keySet()) {
            if (name.equals("__metadata__")) {
                continue;
            }
            JsonObject entry = header.getAsJsonObject(name);
            if (!entry.get("dtype").getAsString().equals("F32")) {
                throw new IOException(name + " is not F32");
            }
            JsonArray shapeJson = entry.getAsJsonArray("shape");
            long[] shape = new long[shapeJson.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeJson.get(i).getAsLong();
            }
            JsonArray offsets = entry.getAsJsonArray("data_offsets");
            int start = 8 + headerLength + offsets.get(0).getAsInt();
            float[] values = new float[(offsets.get(1).getAsInt() - offsets.get(0).getAsInt()) / 4];
            for (int i = 0; i < values.length; i++) {
                values[i] = bytes.getFloat(start + 4 * i);
            }
            tensors.put(name, new Tensor(shape, values));
        }
        return tensors;
    }

    /**
     * Reads a little-endian float32 .npy file of 2 or more dimensions (format 1.0: magic, version, 2-byte header length,
     * a Python dict literal header, then the data in C order).
     */
    static Tensor readNpy(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
        for (int i = 0; i < magic.length; i++) {
            if (bytes.get(i) != magic[i]) {
                throw new IOException(file + " is not a .npy file");
            }
        }
        if (bytes.get(6) != 1 || bytes.get(7) != 0) {
            throw new IOException("expected .npy format 1.0, got " + bytes.get(6) + "." + bytes.get(7));
        }
        int headerLength = Short.toUnsignedInt(bytes.getShort(8));
        if ((10 + headerLength) % 64 != 0) {
            throw new IOException("the .npy header is not padded to a multiple of 64 bytes");
        }
        String header = new String(bytes.array(), 10, headerLength, StandardCharsets.US_ASCII);
        if (!header.contains("'descr': '<f4'") || !header.contains("'fortran_order': False") || !header.endsWith("\n")) {
            throw new IOException("unexpected .npy header: " + header);
        }
        Matcher shape = Pattern.compile("'shape': \\((\\d+(?:, \\d+)+)\\)").matcher(header);
        if (!shape.find()) {
            throw new IOException("not an array of 2 or more dimensions: " + header);
        }
        long[] dims = java.util.Arrays.stream(shape.group(1).split(", ")).mapToLong(Long::parseLong).toArray();
        float[] values = new float[Math.toIntExact(java.util.Arrays.stream(dims).reduce(1, Math::multiplyExact))];
        int start = 10 + headerLength;
        if (bytes.capacity() != start + 4 * values.length) {
            throw new IOException("the data size does not match the shape");
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = bytes.getFloat(start + 4 * i);
        }
        return new Tensor(dims, values);
    }
}
