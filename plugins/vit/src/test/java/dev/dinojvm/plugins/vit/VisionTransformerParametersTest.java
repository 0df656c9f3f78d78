package dev.dinojvm.plugins.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameter names, order and shapes are those of the official DINO state dict. */
class VisionTransformerParametersTest {

    private static final int D = 384;
    private static final int DEPTH = 12;
    private static final int HIDDEN = 4 * D;
    private static final int PATCH = 16;
    private static final int PATCHES = (224 / PATCH) * (224 / PATCH);

    @Test
    void vitSmall16HasTheReferenceNamesOrderAndShapes() {
        VisionTransformer block = new VisionTransformer(new VitArchitecture(D, DEPTH, 6, PATCH, 224, 4.0, 0.1));
        List<String> names = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        for (Pair<String, Parameter> entry : block.getParameters()) {
            names.add(entry.getKey());
            shapes.add(entry.getValue().getShape());
            assertEquals(entry.getKey(), entry.getValue().getName());
        }
        List<String> expectedNames = new ArrayList<>();
        List<Shape> expectedShapes = new ArrayList<>();
        expect(expectedNames, expectedShapes, "cls_token", new Shape(1, 1, D));
        expect(expectedNames, expectedShapes, "pos_embed", new Shape(1, 1 + PATCHES, D));
        expect(expectedNames, expectedShapes, "patch_embed.proj.weight", new Shape(D, 3, PATCH, PATCH));
        expect(expectedNames, expectedShapes, "patch_embed.proj.bias", new Shape(D));
        for (int i = 0; i < DEPTH; i++) {
            String b = "blocks." + i + ".";
            expect(expectedNames, expectedShapes, b + "norm1.weight", new Shape(D));
            expect(expectedNames, expectedShapes, b + "norm1.bias", new Shape(D));
            expect(expectedNames, expectedShapes, b + "attn.qkv.weight", new Shape(3 * D, D));
            expect(expectedNames, expectedShapes, b + "attn.qkv.bias", new Shape(3 * D));
            expect(expectedNames, expectedShapes, b + "attn.proj.weight", new Shape(D, D));
            expect(expectedNames, expectedShapes, b + "attn.proj.bias", new Shape(D));
            expect(expectedNames, expectedShapes, b + "norm2.weight", new Shape(D));
            expect(expectedNames, expectedShapes, b + "norm2.bias", new Shape(D));
            expect(expectedNames, expectedShapes, b + "mlp.fc1.weight", new Shape(HIDDEN, D));
            expect(expectedNames, expectedShapes, b + "mlp.fc1.bias", new Shape(HIDDEN));
            expect(expectedNames, expectedShapes, b + "mlp.fc2.weight", new Shape(D, HIDDEN));
            expect(expectedNames, expectedShapes, b + "mlp.fc2.bias", new Shape(D));
        }
        expect(expectedNames, expectedShapes, "norm.weight", new Shape(D));
        expect(expectedNames, expectedShapes, "norm.bias", new Shape(D));

        assertEquals(expectedNames, names);
        assertEquals(expectedShapes, shapes);
        assertEquals(2 + 2 + 12 * DEPTH + 2, names.size());
        assertEquals("blocks.11.mlp.fc2.bias", names.get(names.size() - 3));
        assertEquals(new Shape(1152, 384), shapes.get(names.indexOf("blocks.5.attn.qkv.weight")));
    }

    @Test
    void vitSmall16HasTheReferenceParameterCount() {
        VisionTransformer block = new VisionTransformer(new VitArchitecture(D, DEPTH, 6, PATCH, 224, 4.0, 0.1));
        long perBlock = 4L * D + (3L * D * D + 3L * D) + ((long) D * D + D) + ((long) HIDDEN * D + HIDDEN) + ((long) D * HIDDEN + D);
        long expected = D + (1L + PATCHES) * D + (D * 3L * PATCH * PATCH + D) + DEPTH * perBlock + 2L * D;
        long actual = block.getParameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
        assertEquals(expected, actual);
        assertEquals(21_665_664L, actual, "ViT-S/16 as published (21.7M)");
    }

    private static void expect(List<String> names, List<Shape> shapes, String name, Shape shape) {
        names.add(name);
        shapes.add(shape);
    }
}
