package dev.dinojvm.engine.weights;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.dinojvm.engine.train.SafetensorsFiles;
import dev.dinojvm.engine.weights.PickleValues.Namespace;
import dev.dinojvm.engine.weights.PickleValues.PickledTensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads any supported weights file into {@link ModelWeights}: the container (a {@code torch.save}
 * zip or safetensors) is recognised from the first bytes, the layout from the names inside, unless
 * the caller names the layout.
 */
public final class WeightsFile {

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final List<String> WRAPPER_KEYS = List.of("state_dict", "model");

    private WeightsFile() {}

    /**
     * @param file the weights file
     * @param format the layout, or empty to recognise it
     * @return the tensors under this project's names
     * @throws WeightsFileException when the file cannot be read or is not of the given layout (one-line message)
     */
    public static ModelWeights read(Path file, Optional<WeightsFormat> format) throws WeightsFileException {
        if (!Files.isRegularFile(file)) {
            throw new WeightsFileException("weights file not found: " + file);
        }
        byte[] head = firstBytes(file, 16);
        if (startsWith(head, ZIP_MAGIC)) {
            return readTorchArchive(file, format);
        }
        // before the pickle check: a header length can begin with the pickle opcode's byte 0x80
        if (isSafetensors(head, file)) {
            return readSafetensors(file, format);
        }
        if (head.length >= 3 && (head[0] & 0xff) == 0x80) {
            String name = file.getFileName().toString();
            throw new WeightsFileException(name + " is a legacy PyTorch file (not a zip archive: saved before PyTorch 1.6 or with"
                    + " _use_new_zipfile_serialization=False), which cannot be read safely; re-save it in Python with"
                    + " torch.save(torch.load('" + name + "'), 'converted.pth') and give converted.pth");
        }
        throw new WeightsFileException(file.getFileName() + " is neither a PyTorch .pth (zip) file nor a safetensors file");
    }

    private static ModelWeights readTorchArchive(Path file, Optional<WeightsFormat> format) throws WeightsFileException {
        String name = file.getFileName().toString();
        try (TorchArchive archive = TorchArchive.open(file)) {
            Object content = archive.content();
            List<String> notes = new ArrayList<>();
            Map<?, ?> saved = asMap(content, name);
            WeightsFormat layout = format.orElseGet(() -> recogniseArchive(saved));
            Map<?, ?> stateDict = layout == WeightsFormat.DINO_CHECKPOINT ? checkpointTeacher(saved, name, notes) : unwrap(saved, notes);
            Map<String, WeightTensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : stateDict.entrySet()) {
                if (entry.getValue() instanceof PickledTensor tensor) {
                    String key = String.valueOf(entry.getKey());
                    tensors.put(key, archive.tensor(key, tensor));
                }
            }
            if (tensors.isEmpty()) {
                throw new WeightsFileException(name + " holds no tensors where a state dict was expected");
            }
            return split(file, layout, tensors, notes);
        } catch (IOException e) {
            throw e instanceof WeightsFileException w ? w : new WeightsFileException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private static ModelWeights readSafetensors(Path file, Optional<WeightsFormat> format) throws WeightsFileException {
        if (format.filter(f -> f == WeightsFormat.DINO_PTH || f == WeightsFormat.DINO_CHECKPOINT).isPresent()) {
            throw new WeightsFileException(file.getFileName() + " is a safetensors file, not the PyTorch .pth of --weights-format "
                    + format.get().key());
        }
        Map<String, WeightTensor> tensors = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            for (Map.Entry<String, NDArray> entry : SafetensorsFiles.read(file, manager).entrySet()) {
                NDArray array = entry.getValue();
                float[] values = array.getDataType() == DataType.FLOAT32 ? array.toFloatArray()
                        : array.toType(DataType.FLOAT32, false).toFloatArray();
                tensors.put(entry.getKey(), new WeightTensor(array.getShape().getShape(), values));
            }
        } catch (IOException e) {
            throw new WeightsFileException(e.getMessage().replace(file.toString(), file.getFileName().toString()), e);
        }
        WeightsFormat layout = format.orElseGet(() -> HuggingFaceNames.matches(tensors.keySet()) ? WeightsFormat.HUGGING_FACE
                : tensors.keySet().stream().anyMatch(n -> n.startsWith("backbone.")) ? WeightsFormat.DINO_JVM : WeightsFormat.TIMM);
        return split(file, layout, tensors, new ArrayList<>());
    }

    /** Strips DDP's {@code module.}, splits {@code backbone.}/{@code head.}, and renames Hugging Face names. */
    private static ModelWeights split(Path file, WeightsFormat layout, Map<String, WeightTensor> tensors, List<String> notes)
            throws WeightsFileException {
        Map<String, WeightTensor> backbone = new LinkedHashMap<>();
        Map<String, WeightTensor> head = new LinkedHashMap<>();
        for (Map.Entry<String, WeightTensor> entry : tensors.entrySet()) {
            String name = entry.getKey().startsWith("module.") ? entry.getKey().substring("module.".length()) : entry.getKey();
            if (name.startsWith("head.")) {
                head.put(name.substring("head.".length()), entry.getValue());
            } else {
                backbone.put(name.startsWith("backbone.") ? name.substring("backbone.".length()) : name, entry.getValue());
            }
        }
        if (layout == WeightsFormat.TIMM) {
            backbone = TimmNames.toOfficial(backbone, notes);
        }
        if (layout == WeightsFormat.HUGGING_FACE) {
            try {
                backbone = HuggingFaceNames.toOfficial(backbone, notes);
            } catch (IllegalArgumentException e) {
                throw new WeightsFileException(file.getFileName() + ": " + e.getMessage());
            }
        }
        return new ModelWeights(file, layout, backbone, head, notes);
    }

    private static WeightsFormat recogniseArchive(Map<?, ?> content) {
        if (content.get("teacher") instanceof Map || content.get("student") instanceof Map) {
            return WeightsFormat.DINO_CHECKPOINT;
        }
        List<String> names = content.keySet().stream().map(String::valueOf)
                .map(n -> n.startsWith("module.") ? n.substring("module.".length()) : n).toList();
        return HuggingFaceNames.matches(names) ? WeightsFormat.HUGGING_FACE : WeightsFormat.DINO_PTH;
    }

    /** The official evaluation scripts read the teacher ({@code --checkpoint_key teacher}); so does this. */
    private static Map<?, ?> checkpointTeacher(Map<?, ?> checkpoint, String name, List<String> notes) throws WeightsFileException {
        String network = checkpoint.get("teacher") instanceof Map ? "teacher" : "student";
        if (!(checkpoint.get(network) instanceof Map<?, ?> state)) {
            throw new WeightsFileException(name + " is not a DINO full checkpoint: it has neither a teacher nor a student state dict");
        }
        List<String> ignored = checkpoint.keySet().stream().map(String::valueOf).filter(k -> !k.equals(network)).toList();
        String epoch = checkpoint.get("epoch") instanceof Number n ? " after epoch " + n : "";
        String arch = checkpoint.get("args") instanceof Namespace args && args.fields().get("arch") != null
                ? " (" + args.fields().get("arch") + ")" : "";
        notes.add("read the " + network + " of the DINO full checkpoint" + arch + epoch
                + (ignored.isEmpty() ? "" : "; not used: " + String.join(", ", ignored)));
        return state;
    }

    private static Map<?, ?> unwrap(Map<?, ?> content, List<String> notes) {
        for (String key : WRAPPER_KEYS) {
            if (content.size() == 1 && content.get(key) instanceof Map<?, ?> inner) {
                notes.add("read the state dict under '" + key + "'");
                return inner;
            }
        }
        return content;
    }

    private static Map<?, ?> asMap(Object content, String name) throws WeightsFileException {
        if (content instanceof Map<?, ?> map) {
            return map;
        }
        throw new WeightsFileException(name + " holds " + (content == null ? "None" : content.getClass().getSimpleName())
                + ", not a state dict (a dict of tensors)");
    }

    /** Safetensors: an 8-byte little-endian header length that fits the file, then a JSON object. */
    private static boolean isSafetensors(byte[] head, Path file) throws WeightsFileException {
        if (head.length < 9 || head[8] != '{') {
            return false;
        }
        long headerLength = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        try {
            return headerLength > 1 && headerLength <= Files.size(file) - 8;
        } catch (IOException e) {
            throw new WeightsFileException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] firstBytes(Path file, int count) throws WeightsFileException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(count);
        } catch (IOException e) {
            throw new WeightsFileException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
