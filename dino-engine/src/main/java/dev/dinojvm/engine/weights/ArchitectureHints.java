package dev.dinojvm.engine.weights;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a ViT backbone's tensors say about its architecture, as {@code vit} backbone settings: the
 * token dimension, depth, input channels, patch and image size, MLP ratio, the number of heads for the standard
 * widths (a state dict does not record heads), and DINOv2's register tokens, LayerScale, SwiGLU
 * feed-forward and mask token.
 */
public final class ArchitectureHints {

    private static final Pattern BLOCK = Pattern.compile("blocks\\.(\\d+)\\..*");
    /** Heads of the DINO / DeiT widths: tiny, small, base, large. */
    private static final Map<Long, Integer> STANDARD_HEADS = Map.of(192L, 3, 384L, 6, 768L, 12, 1024L, 16, 1536L, 24);
    /** The LayerScale a file with {@code ls1.gamma} implies: DINOv2's init value (only its presence matters for loaded weights). */
    public static final String LAYER_SCALE_PRESENT = "1.0E-5";
    /** The input channel count: the patch embedding's second dimension. */
    public static final String IN_CHANS = "in-chans";

    private ArchitectureHints() {}

    /** DINOv2's SwiGLUFFNFused hidden size for an MLP of {@code ratio}: {@code (int(h * 2 / 3) + 7) // 8 * 8}. */
    private static long swigluHidden(long dim, double ratio) {
        return ((long) ((long) (dim * ratio) * 2.0 / 3) + 7) / 8 * 8;
    }

    /**
     * @param backbone official names → tensors
     * @return {@code vit} setting name ({@code embed-dim}, {@code depth}, {@code heads}, {@code in-chans}, {@code patch-size},
     *     {@code image-size}, {@code mlp-ratio}, {@code registers}, {@code layer-scale}, {@code ffn}, {@code mask-token})
     *     → value, for what the tensors tell; empty when they are not a ViT's
     */
    public static Map<String, String> of(Map<String, WeightTensor> backbone) {
        Map<String, String> hints = new LinkedHashMap<>();
        WeightTensor cls = backbone.get("cls_token");
        WeightTensor patch = backbone.get("patch_embed.proj.weight");
        WeightTensor positions = backbone.get("pos_embed");
        if (cls == null || cls.shape().length != 3 || patch == null || patch.shape().length != 4) {
            return hints;
        }
        long dim = cls.shape()[2];
        hints.put("embed-dim", Long.toString(dim));
        int depth = 0;
        for (String name : backbone.keySet()) {
            Matcher block = BLOCK.matcher(name);
            if (block.matches()) {
                depth = Math.max(depth, Integer.parseInt(block.group(1)) + 1);
            }
        }
        hints.put("depth", Integer.toString(depth));
        if (STANDARD_HEADS.containsKey(dim)) {
            hints.put("heads", STANDARD_HEADS.get(dim).toString());
        }
        hints.put(IN_CHANS, Long.toString(patch.shape()[1]));
        hints.put("patch-size", Long.toString(patch.shape()[2]));
        int grid = positions == null ? -1 : PositionalEmbeddings.gridSide(positions.shape());
        if (grid > 0) {
            hints.put("image-size", Long.toString(grid * patch.shape()[2]));
        }
        WeightTensor fc1 = backbone.get("blocks.0.mlp.fc1.weight");
        WeightTensor w12 = backbone.get("blocks.0.mlp.w12.weight");
        if (fc1 != null && fc1.shape().length == 2) {
            hints.put("mlp-ratio", Double.toString((double) fc1.shape()[0] / dim));
        }
        WeightTensor registers = backbone.get("register_tokens");
        hints.put("registers", Long.toString(registers != null && registers.shape().length == 3 ? registers.shape()[1] : 0));
        hints.put("layer-scale", backbone.containsKey("blocks.0.ls1.gamma") ? LAYER_SCALE_PRESENT : "0.0");
        hints.put("ffn", w12 != null ? "swiglu" : "mlp");
        if (w12 != null && w12.shape().length == 2 && swigluHidden(dim, 4.0) * 2 == w12.shape()[0]) {
            hints.put("mlp-ratio", "4.0"); // DINOv2's ViT-g: SwiGLU from the 4x MLP width
        }
        hints.put("mask-token", Boolean.toString(backbone.containsKey("mask_token")));
        return hints;
    }
}
