package dev.dinojvm.engine.weights;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings timm's DINOv2 layout ({@code vit_small_patch14_dinov2}, {@code vit_small_patch14_reg4_dinov2})
 * back to DINOv2's own names, undoing timm's {@code _convert_dinov2}:
 * <ul>
 *   <li>models with registers: timm stores them as {@code reg_token} and, having no positional embedding
 *       for the class token, has folded {@code pos_embed[:, 0]} into {@code cls_token}; DINOv2's layout gets
 *       {@code register_tokens} and a zero class row in {@code pos_embed}, which computes the same tokens;
 *   <li>SwiGLU: timm's packed {@code mlp.fc1}/{@code mlp.fc2} are DINOv2's {@code mlp.w12}/{@code mlp.w3}
 *       (recognised by fc1 having twice as many outputs as fc2 has inputs).
 * </ul>
 * A file with the official names passes unchanged.
 */
final class TimmNames {

    private static final Pattern FC1 = Pattern.compile("(blocks\\.\\d+\\.mlp\\.)fc1\\.weight");

    private TimmNames() {}

    static Map<String, WeightTensor> toOfficial(Map<String, WeightTensor> tensors, List<String> notes) {
        Map<String, WeightTensor> official = new LinkedHashMap<>();
        WeightTensor registers = tensors.get("reg_token");
        WeightTensor positions = tensors.get("pos_embed");
        WeightTensor cls = tensors.get("cls_token");
        boolean foldedClass = registers != null && positions != null && positions.shape().length == 3 && cls != null
                && PositionalEmbeddings.gridSide(positions.shape()) < 0;
        for (Map.Entry<String, WeightTensor> entry : tensors.entrySet()) {
            String name = entry.getKey();
            if (name.equals("reg_token")) {
                official.put("register_tokens", entry.getValue());
            } else if (name.equals("pos_embed") && foldedClass) {
                official.put("pos_embed", withZeroClassRow(positions));
            } else {
                official.put(swigluName(name, tensors), entry.getValue());
            }
        }
        if (foldedClass) {
            notes.add("read timm's register layout: reg_token as register_tokens, and a zero class row added to pos_embed"
                    + " (timm folded it into cls_token)");
        }
        return official;
    }

    /** {@code blocks.N.mlp.fc1/fc2.*} → {@code w12/w3} when the block's feed-forward is a packed SwiGLU. */
    private static String swigluName(String name, Map<String, WeightTensor> tensors) {
        int at = name.indexOf(".mlp.fc");
        if (at < 0) {
            return name;
        }
        String prefix = name.substring(0, at + ".mlp.".length());
        WeightTensor fc1 = tensors.get(prefix + "fc1.weight");
        WeightTensor fc2 = tensors.get(prefix + "fc2.weight");
        Matcher block = FC1.matcher(prefix + "fc1.weight");
        if (!block.matches() || fc1 == null || fc2 == null || fc1.shape().length != 2 || fc2.shape().length != 2
                || fc1.shape()[0] != 2 * fc2.shape()[1]) {
            return name;
        }
        return name.replace(".mlp.fc1.", ".mlp.w12.").replace(".mlp.fc2.", ".mlp.w3.");
    }

    /** (1, N, D) → (1, 1 + N, D) with a zero first row. */
    private static WeightTensor withZeroClassRow(WeightTensor positions) {
        long[] shape = positions.shape().clone();
        int dim = (int) shape[2];
        shape[1] += 1;
        float[] values = new float[positions.values().length + dim];
        System.arraycopy(positions.values(), 0, values, dim, positions.values().length);
        return new WeightTensor(shape, values);
    }
}
