package dev.dinojvm.plugins.vit;

import java.util.Arrays;
import java.util.Optional;

/** The architectures of the DINO paper, selected by {@code dino.backbone.arch}. */
public enum VitPreset {
    /** ViT-Tiny: 192 dimensions, 12 blocks, 3 heads. */
    VIT_TINY("vit_tiny", 192, 12, 3),
    /** ViT-Small: 384 dimensions, 12 blocks, 6 heads. */
    VIT_SMALL("vit_small", 384, 12, 6),
    /** ViT-Base: 768 dimensions, 12 blocks, 12 heads. */
    VIT_BASE("vit_base", 768, 12, 12);

    private final String key;
    private final int embedDim;
    private final int depth;
    private final int heads;

    VitPreset(String key, int embedDim, int depth, int heads) {
        this.key = key;
        this.embedDim = embedDim;
        this.depth = depth;
        this.heads = heads;
    }

    /**
     * @param key a configuration value such as {@code vit_small}
     * @return the preset of that name, if any
     */
    public static Optional<VitPreset> byKey(String key) {
        return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
    }

    /** @return the configuration value naming this preset, e.g. {@code vit_small} */
    public String key() {
        return key;
    }

    /** @return the token dimension */
    public int embedDim() {
        return embedDim;
    }

    /** @return the number of blocks */
    public int depth() {
        return depth;
    }

    /** @return the number of attention heads */
    public int heads() {
        return heads;
    }
}
