package dev.dinojvm.engine.weights;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The layouts of weight files this engine reads; recognised from a file's content, or named with {@code --weights-format}. */
public enum WeightsFormat {
    /** The official DINO or DINOv2 backbone state dict, e.g. {@code dino_deitsmall16_pretrain.pth}, {@code dinov2_vits14_reg4_pretrain.pth}. */
    DINO_PTH("dino-pth", "official DINO / DINOv2 backbone state dict (.pth)"),
    /** The official DINO training checkpoint: student, teacher, optimizer, epoch, args, dino_loss. */
    DINO_CHECKPOINT("dino-checkpoint", "official DINO full checkpoint (.pth; its teacher is used)"),
    /**
     * Official / timm parameter names in safetensors, e.g. timm's {@code vit_small_patch16_224.dino},
     * {@code vit_small_patch14_reg4_dinov2.lvd142m} or a run's backbone.safetensors.
     */
    TIMM("timm", "safetensors with the official DINO / DINOv2 / timm names"),
    /** A dino-jvm checkpoint's network file: {@code backbone.*} and {@code head.*}. */
    DINO_JVM("dino-jvm", "dino-jvm checkpoint network (backbone. and head. names)"),
    /** Hugging Face transformers {@code ViTModel} or {@code Dinov2Model}, e.g. {@code facebook/dino-vits16}, {@code facebook/dinov2-small}. */
    HUGGING_FACE("hugging-face", "Hugging Face transformers ViT or Dinov2");

    private final String key;
    private final String description;

    WeightsFormat(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** @return the name users give to {@code --weights-format} */
    public String key() {
        return key;
    }

    /** @return what it is, in words */
    public String description() {
        return description;
    }

    /**
     * @param key a {@code --weights-format} value; {@code auto} or {@code null} for recognising the file
     * @return the named format, or empty for {@code auto}
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Optional<WeightsFormat> parse(String key) {
        if (key == null || key.equals("auto")) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown weights format '" + key + "'; choose auto, " + choices())));
    }

    /** @return the format names, comma-separated */
    public static String choices() {
        return Arrays.stream(values()).map(WeightsFormat::key).collect(Collectors.joining(", "));
    }

    /** @return every value {@link #parse} accepts: {@code auto}, then the format names */
    public static List<String> names() {
        return Stream.concat(Stream.of("auto"), Arrays.stream(values()).map(WeightsFormat::key)).toList();
    }
}
