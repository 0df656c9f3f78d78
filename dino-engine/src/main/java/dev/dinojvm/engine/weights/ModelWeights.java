package dev.dinojvm.engine.weights;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors of a weights file under this project's parameter names, split into backbone and head.
 *
 * @param file where they were read
 * @param format the file's layout
 * @param backbone backbone parameter name (official names: {@code cls_token}, {@code blocks.0.attn.qkv.weight}, ...) → value
 * @param head head parameter name ({@code mlp.0.weight}, {@code last_layer.weight_v}, ...) → value; empty when the file has no head
 * @param notes what was read, renamed or ignored, one sentence each, for the user
 */
public record ModelWeights(Path file, WeightsFormat format, Map<String, WeightTensor> backbone,
        Map<String, WeightTensor> head, List<String> notes) {

    /** Copies the collections, keeping the file's order. */
    public ModelWeights {
        backbone = Collections.unmodifiableMap(new LinkedHashMap<>(backbone));
        head = Collections.unmodifiableMap(new LinkedHashMap<>(head));
        notes = List.copyOf(notes);
    }

    /** @return whether the file has a projection head */
    public boolean hasHead() {
        return !head.isEmpty();
    }
}
