package dev.dinojvm.plugins.vit;

import dev.dinojvm.api.Backbone;
import dev.dinojvm.api.BackboneFactory;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ConfigKey;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.api.ModelRole;
import dev.dinojvm.api.ValueRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code vit} backbone: a {@link VisionTransformer} configured by an {@code arch} preset whose
 * dimensions can be overridden key by key.
 */
public final class VitBackboneFactory implements BackboneFactory {

    static final String ARCH = "arch";
    static final String EMBED_DIM = "embed-dim";
    static final String DEPTH = "depth";
    static final String HEADS = "heads";
    static final String PATCH_SIZE = "patch-size";
    static final String IMAGE_SIZE = "image-size";
    static final String DROP_PATH = "drop-path";
    static final String MLP_RATIO = "mlp-ratio";
    static final String REGISTERS = "registers";
    static final String LAYER_SCALE = "layer-scale";
    static final String DROP_PATH_UNIFORM = "drop-path-uniform";
    static final String FFN = "ffn";
    static final String MASK_TOKEN = "mask-token";
    static final String IN_CHANS = INPUT_CHANNELS_KEY;

    private static final ValueRange POSITIVE = ValueRange.atLeast(1);
    /** The most input channels accepted: far above any multispectral or fluorescence stack in use. */
    static final int MAX_CHANNELS = 1024;

    private static final List<ConfigKey> KEYS = List.of(
            ConfigKey.text(ARCH, VitPreset.VIT_SMALL.key(),
                    "Architecture preset giving embed-dim, depth and heads (each can be overridden).",
                    VitPreset.VIT_TINY.key(), VitPreset.VIT_SMALL.key(), VitPreset.VIT_BASE.key()),
            ConfigKey.integer(EMBED_DIM, null, "Token dimension; overrides the preset's.").within(POSITIVE),
            ConfigKey.integer(DEPTH, null, "Number of transformer blocks; overrides the preset's.").within(POSITIVE),
            ConfigKey.integer(HEADS, null, "Attention heads per block, dividing embed-dim; overrides the preset's.").within(POSITIVE),
            ConfigKey.integer(PATCH_SIZE, 16, "Side of the square patches in pixels.").within(POSITIVE),
            ConfigKey.integer(IMAGE_SIZE, 224, "Side of the global crops the positional embedding is built for.").within(POSITIVE),
            ConfigKey.number(DROP_PATH, 0.1, "Stochastic depth rate of the student's last block.")
                    .within(ValueRange.atLeast(0).andBelow(1)),
            ConfigKey.number(MLP_RATIO, 4.0, "MLP hidden dimension relative to embed-dim.").within(ValueRange.greaterThan(0)),
            ConfigKey.integer(REGISTERS, 0, "Register tokens after the CLS token (DINOv2's num_register_tokens; its reg4 models: 4).")
                    .within(ValueRange.atLeast(0)),
            ConfigKey.number(LAYER_SCALE, 0.0, "Initial LayerScale on each residual branch (DINOv2: 1e-5); 0 for none (DINO).")
                    .within(ValueRange.atLeast(0)),
            ConfigKey.bool(DROP_PATH_UNIFORM, false, "Every block drops with drop-path (DINOv2's drop_path_uniform) rather than rates rising from 0."),
            ConfigKey.text(FFN, "mlp", "Feed-forward of each block: mlp (DINO, DINOv2 ViT-S/B/L) or swiglu (DINOv2 ViT-g).", "mlp", "swiglu"),
            ConfigKey.bool(MASK_TOKEN, false, "Whether the model has DINOv2's mask_token, which replaces masked patches (iBOT)."),
            ConfigKey.integer(IN_CHANS, null, "Input channels of the patch embedding; taken from the training images when not set"
                    + " (3 for RGB, 1 for grey, N for N-band images).").within(ValueRange.atLeast(1).andAtMost(MAX_CHANNELS)));

    @Override
    public String name() {
        return "vit";
    }

    @Override
    public String description() {
        return "Vision Transformer (ViT) with the official DINO parameter names; the feature is the CLS token.";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return KEYS;
    }

    /** Checks across keys; the engine has checked each value against its key (type, choices, range). */
    @Override
    public List<ConfigProblem> validate(ComponentConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        VitPreset preset = preset(config);
        int embedDim = config.getInt(EMBED_DIM).orElse(preset.embedDim());
        int heads = config.getInt(HEADS).orElse(preset.heads());
        int patchSize = config.getInt(PATCH_SIZE).orElseThrow();
        int imageSize = config.getInt(IMAGE_SIZE).orElseThrow();
        double mlpRatio = config.getDouble(MLP_RATIO).orElseThrow();
        if (embedDim % heads != 0) {
            String key = config.isSet(HEADS) && !config.isSet(EMBED_DIM) ? HEADS : EMBED_DIM;
            problems.add(new ConfigProblem(config.path(key), "embed-dim (" + embedDim + ") must be divisible by heads (" + heads + ")"));
        }
        if (imageSize % patchSize != 0) {
            String key = config.isSet(PATCH_SIZE) && !config.isSet(IMAGE_SIZE) ? PATCH_SIZE : IMAGE_SIZE;
            problems.add(new ConfigProblem(config.path(key),
                    "image-size (" + imageSize + ") must be divisible by patch-size (" + patchSize + ")"));
        }
        if ((int) (embedDim * mlpRatio) < 1) {
            problems.add(new ConfigProblem(config.path(MLP_RATIO),
                    "gives an MLP hidden dimension of 0 with embed-dim " + embedDim + ", got " + mlpRatio));
        }
        return problems;
    }

    @Override
    public Backbone create(ComponentConfig config, ModelRole role) {
        VitArchitecture architecture = architecture(config);
        return new VitBackbone(new VisionTransformer(
                role == ModelRole.STUDENT ? architecture : architecture.withoutDropPath()));
    }

    /**
     * Resolves a validated configuration: the preset's dimensions, overridden by any set value; RGB input
     * when {@code in-chans} is not set (the engine sets it from the data before training).
     *
     * @param config validated settings under {@code dino.backbone}
     * @return the architecture, with the configured (student) drop-path rate
     */
    public VitArchitecture architecture(ComponentConfig config) {
        VitPreset preset = preset(config);
        return new VitArchitecture(
                config.getInt(EMBED_DIM).orElse(preset.embedDim()),
                config.getInt(DEPTH).orElse(preset.depth()),
                config.getInt(HEADS).orElse(preset.heads()),
                config.getInt(PATCH_SIZE).orElseThrow(),
                config.getInt(IMAGE_SIZE).orElseThrow(),
                config.getDouble(MLP_RATIO).orElseThrow(),
                config.getDouble(DROP_PATH).orElseThrow(),
                config.getInt(REGISTERS).orElseThrow(),
                config.getDouble(LAYER_SCALE).orElseThrow(),
                config.getBoolean(DROP_PATH_UNIFORM),
                VitArchitecture.FeedForward.valueOf(config.getString(FFN).orElseThrow().toUpperCase(Locale.ROOT)),
                config.getBoolean(MASK_TOKEN),
                config.getInt(IN_CHANS).orElse(VitArchitecture.RGB_CHANNELS));
    }

    private static VitPreset preset(ComponentConfig config) {
        String key = config.getString(ARCH).orElseThrow();
        return VitPreset.byKey(key).orElseThrow(() -> new IllegalArgumentException(
                config.path(ARCH) + ": unknown architecture '" + key + "'"));
    }
}
