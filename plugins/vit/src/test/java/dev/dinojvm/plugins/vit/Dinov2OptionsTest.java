package dev.dinojvm.plugins.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.dinojvm.api.ComponentConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DINOv2's options of the ViT: its state-dict names, order and shapes ({@code dinov2_vits14_reg4_pretrain.pth},
 * SwiGLU as {@code SwiGLUFFNFused}), initial values and drop-path rates. Their forward is compared with
 * DINOv2's own code in the engine's {@code Dinov2WeightsTest}.
 */
class Dinov2OptionsTest {

    private static final VitBackboneFactory FACTORY = new VitBackboneFactory();

    private static VitArchitecture dinov2(String... settings) {
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>(Map.of("patch-size", "14", "image-size", "518",
                "registers", "4", "layer-scale", "1e-5", "drop-path-uniform", "true", "mask-token", "true"));
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        return FACTORY.architecture(new ComponentConfig("dino.backbone", FACTORY.configKeys(), values));
    }

    @Test
    void theReg4ModelHasDinov2sNamesOrderAndShapes() {
        List<String> names = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        for (Pair<String, Parameter> entry : new VisionTransformer(dinov2()).getParameters()) {
            names.add(entry.getKey());
            shapes.add(entry.getValue().getShape());
        }
        assertEquals(List.of("cls_token", "pos_embed", "register_tokens", "mask_token", "patch_embed.proj.weight",
                "patch_embed.proj.bias", "blocks.0.norm1.weight", "blocks.0.norm1.bias", "blocks.0.attn.qkv.weight",
                "blocks.0.attn.qkv.bias", "blocks.0.attn.proj.weight", "blocks.0.attn.proj.bias", "blocks.0.ls1.gamma",
                "blocks.0.norm2.weight", "blocks.0.norm2.bias", "blocks.0.mlp.fc1.weight", "blocks.0.mlp.fc1.bias",
                "blocks.0.mlp.fc2.weight", "blocks.0.mlp.fc2.bias", "blocks.0.ls2.gamma"), names.subList(0, 20));
        assertEquals(new Shape(1, 1 + 37 * 37, 384), shapes.get(1));
        assertEquals(new Shape(1, 4, 384), shapes.get(2));
        assertEquals(new Shape(1, 384), shapes.get(3));
        assertEquals(new Shape(384, 3, 14, 14), shapes.get(4));
        assertEquals(new Shape(384), shapes.get(names.indexOf("blocks.11.ls2.gamma")));
        assertEquals(4 + 2 + 14 * 12 + 2, names.size());
    }

    @Test
    void swigluHasDinov2sFusedLayerSizes() {
        VisionTransformer block = new VisionTransformer(dinov2("ffn", "swiglu", "arch", "vit_tiny"));
        Map<String, Shape> shapes = new java.util.HashMap<>();
        block.getParameters().forEach(p -> shapes.put(p.getKey(), p.getValue().getShape()));
        // (int(768 * 2 / 3) + 7) // 8 * 8 = 512 for ViT-Tiny's MLP of 768
        assertEquals(new Shape(2 * 512, 192), shapes.get("blocks.0.mlp.w12.weight"));
        assertEquals(new Shape(192, 512), shapes.get("blocks.0.mlp.w3.weight"));
        assertEquals(null, shapes.get("blocks.0.mlp.fc1.weight"));
    }

    @Test
    void layerScaleStartsAtItsValueRegistersNearZeroAndTheMaskTokenAtZero() {
        VisionTransformer block = new VisionTransformer(dinov2("arch", "vit_tiny", "depth", "1", "image-size", "28"));
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 28, 28));
            Map<String, float[]> values = new java.util.HashMap<>();
            block.getParameters().forEach(p -> values.put(p.getKey(), p.getValue().getArray().toFloatArray()));
            for (float v : values.get("blocks.0.ls1.gamma")) {
                assertEquals(1e-5f, v);
            }
            for (float v : values.get("register_tokens")) {
                assertEquals(0, v, 1e-5); // normal(std=1e-6)
            }
            for (float v : values.get("mask_token")) {
                assertEquals(0f, v);
            }
        }
    }

    @Test
    void uniformDropPathGivesEveryBlockTheRate() {
        VitArchitecture uniform = dinov2("drop-path", "0.3");
        VitArchitecture linear = dinov2("drop-path", "0.3", "drop-path-uniform", "false");
        for (int i = 0; i < uniform.depth(); i++) {
            assertEquals(0.3, uniform.dropPathRate(i), 1e-12);
        }
        assertEquals(0.0, linear.dropPathRate(0), 1e-12);
        assertEquals(0.3, linear.dropPathRate(11), 1e-12);
        assertEquals(0.0, uniform.withoutDropPath().dropPathRate(5), 1e-12);
    }
}
