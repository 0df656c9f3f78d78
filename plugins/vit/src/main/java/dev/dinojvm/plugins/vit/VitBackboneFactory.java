package dev.dinojvm.plugins.vit;

import dev.dinojvm.api.Backbone;
import dev.dinojvm.api.BackboneFactory;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ConfigKey;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.api.ModelRole;
import java.util.ArrayList;
import java.util.List;

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

    private static final List<ConfigKey> KEYS = List.of(
            ConfigKey.text(ARCH, VitPreset.VIT_SMALL.key(),
                    "Architecture preset giving embed-dim, depth and heads (each can be overridden).",
                    VitPreset.VIT_TINY.key(), VitPreset.VIT_SMALL.key(), VitPreset.VIT_BASE.key()),
            ConfigKey.integer(EMBED_DIM, null, "Token dimension; overrides the preset's."),
            ConfigKey.integer(DEPTH, null, "Number of transformer blocks; overrides the preset's."),
            ConfigKey.integer(HEADS, null, "Attention heads per block, dividing embed-dim; overrides the preset's."),
            ConfigKey.integer(PATCH_SIZE, 16, "Side of the square patches in pixels."),
            ConfigKey.integer(IMAGE_SIZE, 224, "Side of the global crops the positional embedding is built for."),
            ConfigKey.number(DROP_PATH, 0.1, "Stochastic depth rate of the student's last block, in [0, 1)."),
            ConfigKey.number(MLP_RATIO, 4.0, "MLP hidden dimension relative to embed-dim."));

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

    @Override
    public List<ConfigProblem> validate(ComponentConfig config) {
        List<ConfigProblem> problems = new ArrayList<>(config.typeProblems());
        VitPreset preset = !config.isValid(ARCH) ? null : preset(config);
        Integer embedDim = intValue(config, EMBED_DIM, preset == null ? null : preset.embedDim());
        Integer depth = intValue(config, DEPTH, preset == null ? null : preset.depth());
        Integer heads = intValue(config, HEADS, preset == null ? null : preset.heads());
        Integer patchSize = intValue(config, PATCH_SIZE, null);
        Integer imageSize = intValue(config, IMAGE_SIZE, null);
        Double dropPath = !config.isValid(DROP_PATH) ? null : config.getDouble(DROP_PATH).orElseThrow();
        Double mlpRatio = !config.isValid(MLP_RATIO) ? null : config.getDouble(MLP_RATIO).orElseThrow();

        boolean embedOk = requirePositive(config, EMBED_DIM, embedDim, problems);
        requirePositive(config, DEPTH, depth, problems);
        boolean headsOk = requirePositive(config, HEADS, heads, problems);
        boolean patchOk = requirePositive(config, PATCH_SIZE, patchSize, problems);
        boolean imageOk = requirePositive(config, IMAGE_SIZE, imageSize, problems);
        if (embedOk && headsOk && embedDim % heads != 0) {
            String key = config.isSet(HEADS) && !config.isSet(EMBED_DIM) ? HEADS : EMBED_DIM;
            problems.add(new ConfigProblem(config.path(key),
                    "embed-dim (" + embedDim + ") must be divisible by heads (" + heads + ")"));
        }
        if (patchOk && imageOk && imageSize % patchSize != 0) {
            String key = config.isSet(PATCH_SIZE) && !config.isSet(IMAGE_SIZE) ? PATCH_SIZE : IMAGE_SIZE;
            problems.add(new ConfigProblem(config.path(key),
                    "image-size (" + imageSize + ") must be divisible by patch-size (" + patchSize + ")"));
        }
        if (dropPath != null && !(dropPath >= 0 && dropPath < 1)) {
            problems.add(new ConfigProblem(config.path(DROP_PATH), "must be at least 0 and below 1, got " + dropPath));
        }
        if (mlpRatio != null && !(mlpRatio > 0)) {
            problems.add(new ConfigProblem(config.path(MLP_RATIO), "must be positive, got " + mlpRatio));
        } else if (mlpRatio != null && embedOk && (int) (embedDim * mlpRatio) < 1) {
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
     * Resolves a validated configuration: the preset's dimensions, overridden by any set value.
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
                config.getDouble(DROP_PATH).orElseThrow());
    }

    private static VitPreset preset(ComponentConfig config) {
        String key = config.getString(ARCH).orElseThrow();
        return VitPreset.byKey(key).orElseThrow(() -> new IllegalArgumentException(
                config.path(ARCH) + ": unknown architecture '" + key + "'"));
    }

    /** The key's value, its fallback when unset, or {@code null} when it does not parse. */
    private static Integer intValue(ComponentConfig config, String key, Integer fallback) {
        if (!config.isValid(key)) {
            return null;
        }
        return config.getInt(key).orElse(fallback);
    }

    /** Adds a problem when {@code value} is not positive; returns whether it is usable in later checks. */
    private static boolean requirePositive(ComponentConfig config, String key, Integer value, List<ConfigProblem> problems) {
        if (value == null) {
            return false;
        }
        if (value <= 0) {
            problems.add(new ConfigProblem(config.path(key), "must be a positive integer, got " + value));
            return false;
        }
        return true;
    }
}
