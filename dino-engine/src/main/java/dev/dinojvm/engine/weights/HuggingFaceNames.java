package dev.dinojvm.engine.weights;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renames a Hugging Face transformers {@code ViTModel} state dict ({@code facebook/dino-vits16}) or
 * {@code Dinov2Model} / {@code Dinov2WithRegistersModel} one ({@code facebook/dinov2-small}) to the
 * official DINO / DINOv2 names, fusing the separate query, key and value projections into {@code qkv}.
 */
final class HuggingFaceNames {

    private static final Pattern LAYER = Pattern.compile("encoder\\.layer\\.(\\d+)\\.(.+)\\.(weight|bias)");
    private static final Map<String, String> LAYER_PARTS = Map.ofEntries(
            Map.entry("layernorm_before", "norm1"),
            Map.entry("attention.output.dense", "attn.proj"),
            Map.entry("layernorm_after", "norm2"),
            Map.entry("intermediate.dense", "mlp.fc1"),
            Map.entry("output.dense", "mlp.fc2"),
            // Dinov2Model
            Map.entry("norm1", "norm1"),
            Map.entry("norm2", "norm2"),
            Map.entry("mlp.fc1", "mlp.fc1"),
            Map.entry("mlp.fc2", "mlp.fc2"),
            Map.entry("mlp.weights_in", "mlp.w12"),
            Map.entry("mlp.weights_out", "mlp.w3"));
    private static final Pattern LAYER_SCALE = Pattern.compile("encoder\\.layer\\.(\\d+)\\.layer_scale([12])\\.lambda1");
    private static final Map<String, String> TOP_LEVEL = Map.of(
            "embeddings.cls_token", "cls_token",
            "embeddings.mask_token", "mask_token",
            "embeddings.register_tokens", "register_tokens",
            "embeddings.position_embeddings", "pos_embed",
            "embeddings.patch_embeddings.projection.weight", "patch_embed.proj.weight",
            "embeddings.patch_embeddings.projection.bias", "patch_embed.proj.bias",
            "layernorm.weight", "norm.weight",
            "layernorm.bias", "norm.bias");
    private static final List<String> MODEL_PREFIXES = List.of("vit.", "dinov2.");
    private static final List<String> QKV = List.of("query", "key", "value");

    private HuggingFaceNames() {}

    /**
     * @param names the file's names, any {@code module.} already stripped
     * @return whether they follow the transformers ViT naming
     */
    static boolean matches(Iterable<String> names) {
        for (String name : names) {
            if (withoutVitPrefix(name).startsWith("embeddings.")) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param tensors transformers names → values
     * @param notes receives what was ignored
     * @return official names → values; names it does not know are kept as they are (so they are reported as unexpected)
     */
    static Map<String, WeightTensor> toOfficial(Map<String, WeightTensor> tensors, List<String> notes) {
        Map<String, WeightTensor> official = new LinkedHashMap<>();
        Map<String, WeightTensor[]> qkvParts = new LinkedHashMap<>();
        int pooler = 0;
        boolean dinov2 = false;
        for (Map.Entry<String, WeightTensor> entry : tensors.entrySet()) {
            String name = withoutVitPrefix(entry.getKey());
            Matcher layer = LAYER.matcher(name);
            Matcher layerScale = LAYER_SCALE.matcher(name);
            if (name.startsWith("pooler.")) {
                pooler++;
            } else if (layerScale.matches()) {
                official.put("blocks." + layerScale.group(1) + ".ls" + layerScale.group(2) + ".gamma", entry.getValue());
                dinov2 = true;
            } else if (TOP_LEVEL.containsKey(name)) {
                official.put(TOP_LEVEL.get(name), entry.getValue());
            } else if (layer.matches() && layer.group(2).startsWith("attention.attention.")
                    && QKV.contains(layer.group(2).substring("attention.attention.".length()))) {
                String fused = "blocks." + layer.group(1) + ".attn.qkv." + layer.group(3);
                int part = QKV.indexOf(layer.group(2).substring("attention.attention.".length()));
                qkvParts.computeIfAbsent(fused, k -> new WeightTensor[3])[part] = entry.getValue();
            } else if (layer.matches() && LAYER_PARTS.containsKey(layer.group(2))) {
                official.put("blocks." + layer.group(1) + "." + LAYER_PARTS.get(layer.group(2)) + "." + layer.group(3), entry.getValue());
            } else {
                official.put(entry.getKey(), entry.getValue());
            }
        }
        qkvParts.forEach((name, parts) -> official.put(name, concatRows(name, parts)));
        if (pooler > 0) {
            notes.add("ignored the Hugging Face pooler (" + pooler + " tensors): DINO's feature is the normalised CLS token");
        }
        if (!dinov2) {
            notes.add("the LayerNorms run with DINO's eps 1e-6 where transformers' ViT configurations often say 1e-12"
                    + " (a negligible difference in the features)");
        }
        return official;
    }

    /** The model names transformers puts before the backbone's in a task model ({@code ViTForImageClassification}, ...). */
    private static String withoutVitPrefix(String name) {
        for (String prefix : MODEL_PREFIXES) {
            if (name.startsWith(prefix)) {
                return name.substring(prefix.length());
            }
        }
        return name;
    }

    /** Stacks query, key and value along the first dimension, as the official fused {@code qkv} layer holds them. */
    private static WeightTensor concatRows(String name, WeightTensor[] parts) {
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] == null) {
                throw new IllegalArgumentException("the Hugging Face " + QKV.get(i) + " projection of " + name + " is missing");
            }
        }
        long[] shape = parts[0].shape().clone();
        shape[0] *= 3;
        float[] values = new float[parts[0].values().length * 3];
        for (int i = 0; i < 3; i++) {
            if (!parts[i].hasShape(parts[0].shape())) {
                throw new IllegalArgumentException("the Hugging Face query, key and value of " + name + " differ in shape");
            }
            System.arraycopy(parts[i].values(), 0, values, i * parts[0].values().length, parts[0].values().length);
        }
        return new WeightTensor(shape, values);
    }
}
