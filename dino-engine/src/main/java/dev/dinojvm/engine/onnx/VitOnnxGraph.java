package dev.dinojvm.engine.onnx;

import static dev.dinojvm.engine.onnx.OnnxGraph.floatAttribute;
import static dev.dinojvm.engine.onnx.OnnxGraph.graphAttribute;
import static dev.dinojvm.engine.onnx.OnnxGraph.intAttribute;
import static dev.dinojvm.engine.onnx.OnnxGraph.intsAttribute;
import static dev.dinojvm.engine.onnx.OnnxGraph.stringAttribute;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.dinojvm.plugins.vit.VisionTransformer;
import dev.dinojvm.plugins.vit.VitArchitecture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx.TensorProto;

/**
 * The ONNX graph of the built-in {@link VisionTransformer}, op for op as its forward (the official
 * {@code vision_transformer.py}): patch embedding, class token, positional embedding (resampled
 * bicubically in the graph as {@code interpolate_pos_encoding} for another grid), the pre-norm blocks,
 * the final LayerNorm.
 */
final class VitOnnxGraph {

    private static final TensorProto.DataType FLOAT = TensorProto.DataType.FLOAT;
    private static final float LAYER_NORM_EPS = 1e-6f;
    /** torch's bicubic kernel constant (OpenCV uses -0.5), as the reference's {@code interpolate(mode='bicubic')}. */
    private static final float BICUBIC_A = -0.75f;

    private final VitArchitecture architecture;
    private final Map<String, NDArray> parameters;
    private final OnnxExportOptions options;
    private final NDManager scratch;
    private final OnnxGraph graph = new OnnxGraph("dino_vit_backbone", "");

    private VitOnnxGraph(VitArchitecture architecture, Map<String, NDArray> parameters, OnnxExportOptions options,
            NDManager scratch) {
        this.architecture = architecture;
        this.parameters = parameters;
        this.options = options;
        this.scratch = scratch;
    }

    /**
     * @param vit the transformer, its parameters loaded
     * @param options what the graph holds
     * @return the graph
     * @throws NotExportableException when the transformer has parameters this mapping does not know
     */
    static onnx.Onnx.GraphProto build(VisionTransformer vit, OnnxExportOptions options) {
        VitArchitecture architecture = vit.architecture();
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : vit.getParameters()) {
            parameters.put(p.getKey(), p.getValue().getArray());
        }
        requireMapped(parameters.keySet(), architecture);
        try (NDManager scratch = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            return new VitOnnxGraph(architecture, parameters, options, scratch).graph();
        }
    }

    /**
     * @param names a ViT's parameter names
     * @param architecture its dimensions
     * @throws NotExportableException naming the first parameter outside the mapping, when there is one
     */
    static void requireMapped(java.util.Collection<String> names, VitArchitecture architecture) {
        List<String> expected = expectedNames(architecture);
        List<String> unmapped = names.stream().filter(name -> !expected.contains(name)).toList();
        if (!unmapped.isEmpty()) {
            throw new NotExportableException("the ViT's parameter " + unmapped.get(0)
                    + " has no ONNX mapping: only the DINO ViT (patch embedding, class token, positional embedding,"
                    + " pre-norm blocks with GELU MLP, final norm) is exportable");
        }
    }

    /** @return the state-dict names of the DINO ViT, as {@link VisionTransformer} registers them */
    static List<String> expectedNames(VitArchitecture architecture) {
        List<String> names = new ArrayList<>(List.of("cls_token", "pos_embed", "patch_embed.proj.weight", "patch_embed.proj.bias"));
        for (int i = 0; i < architecture.depth(); i++) {
            for (String local : List.of("norm1.weight", "norm1.bias", "attn.qkv.weight", "attn.qkv.bias", "attn.proj.weight",
                    "attn.proj.bias", "norm2.weight", "norm2.bias", "mlp.fc1.weight", "mlp.fc1.bias", "mlp.fc2.weight", "mlp.fc2.bias")) {
                names.add("blocks." + i + "." + local);
            }
        }
        names.addAll(List.of("norm.weight", "norm.bias"));
        return names;
    }

    private onnx.Onnx.GraphProto graph() {
        int dim = architecture.embedDim();
        int patch = architecture.patchSize();
        Object side = options.dynamicSize() ? null : (long) options.imageSize();
        graph.input(OnnxExportOptions.INPUT, FLOAT, "batch", (long) architecture.inChans(), side == null ? "height" : side, side == null ? "width" : side);

        String grid = graph.node("Conv", List.of(OnnxExportOptions.INPUT, weight("patch_embed.proj.weight"), weight("patch_embed.proj.bias")),
                intsAttribute("kernel_shape", patch, patch), intsAttribute("strides", patch, patch));
        String patches = graph.node("Transpose", List.of(graph.node("Reshape", List.of(grid, graph.int64s(0, dim, -1)))),
                intsAttribute("perm", 0, 2, 1));
        String imageShape = graph.node("Shape", List.of(OnnxExportOptions.INPUT));
        String batch = slice(imageShape, 0, 1);
        String clsShape = graph.node("Concat", List.of(batch, graph.int64s(1, dim)), intAttribute("axis", 0));
        String cls = graph.node("Expand", List.of(weight("cls_token"), clsShape));
        String tokens = graph.node("Concat", List.of(cls, patches), intAttribute("axis", 1));
        String x = graph.node("Add", List.of(tokens, positionalEmbedding(imageShape)));

        String attention = null;
        for (int i = 0; i < architecture.depth(); i++) {
            String[] outputs = block(i, x);
            x = outputs[0];
            attention = outputs[1];
        }

        boolean anyTokens = options.patchTokens();
        String normed = anyTokens ? layerNorm(x, "norm") : null;
        String clsToken = graph.node("Gather", List.of(anyTokens ? normed : x, graph.int64Scalar(0)), intAttribute("axis", 1));
        graph.namedNode("Identity", List.of(anyTokens ? clsToken : layerNorm(clsToken, "norm")), OnnxExportOptions.FEATURES);
        graph.output(OnnxExportOptions.FEATURES, "the CLS token after the final LayerNorm: the backbone's feature (batch, "
                + dim + ")", FLOAT, "batch", (long) dim);
        Object patchCount = side == null ? "patches" : (Object) (long) Math.pow(options.imageSize() / patch, 2);
        if (options.patchTokens()) {
            graph.namedNode("Slice", List.of(normed, graph.int64s(1), graph.int64s(Long.MAX_VALUE), graph.int64s(1)),
                    OnnxExportOptions.PATCH_TOKENS);
            graph.output(OnnxExportOptions.PATCH_TOKENS, "the patch tokens after the final LayerNorm, row-major over the"
                    + " patch grid (batch, patches, " + dim + ")", FLOAT, "batch", patchCount, (long) dim);
        }
        if (options.attention()) {
            graph.namedNode("Identity", List.of(attention), OnnxExportOptions.ATTENTION);
            Object tokenCount = side == null ? "tokens" : (Object) (1 + (Long) patchCount);
            graph.output(OnnxExportOptions.ATTENTION, "the last block's softmax self-attention, token 0 the CLS token (batch, "
                    + architecture.heads() + ", tokens, tokens)", FLOAT, "batch", (long) architecture.heads(), tokenCount, tokenCount);
        }
        return graph.build();
    }

    /** One pre-norm block: {@code x + attn(norm1(x))}, then {@code x + mlp(norm2(x))}; returns its output and its attention. */
    private String[] block(int index, String x) {
        String p = "blocks." + index + ".";
        int dim = architecture.embedDim();
        int heads = architecture.heads();
        int headDim = architecture.headDim();
        String qkv = linear(layerNorm(x, p + "norm1"), p + "attn.qkv");
        String split = graph.node("Transpose", List.of(graph.node("Reshape", List.of(qkv, graph.int64s(0, 0, 3, heads, headDim)))),
                intsAttribute("perm", 2, 0, 3, 1, 4));
        String q = graph.node("Gather", List.of(split, graph.int64Scalar(0)), intAttribute("axis", 0));
        String k = graph.node("Gather", List.of(split, graph.int64Scalar(1)), intAttribute("axis", 0));
        String v = graph.node("Gather", List.of(split, graph.int64Scalar(2)), intAttribute("axis", 0));
        String scores = graph.node("MatMul", List.of(q, graph.node("Transpose", List.of(k), intsAttribute("perm", 0, 1, 3, 2))));
        String scaled = graph.node("Mul", List.of(scores, graph.floatScalar((float) Math.pow(headDim, -0.5))));
        String attention = graph.node("Softmax", List.of(scaled), intAttribute("axis", -1));
        String merged = graph.node("Reshape", List.of(
                graph.node("Transpose", List.of(graph.node("MatMul", List.of(attention, v))), intsAttribute("perm", 0, 2, 1, 3)),
                graph.int64s(0, 0, dim)));
        String afterAttention = graph.node("Add", List.of(x, linear(merged, p + "attn.proj")));
        String hidden = gelu(linear(layerNorm(afterAttention, p + "norm2"), p + "mlp.fc1"));
        String output = graph.node("Add", List.of(afterAttention, linear(hidden, p + "mlp.fc2")));
        return new String[] {output, attention};
    }

    /**
     * The exact (erf) GELU of torch's {@code nn.GELU()}: opset 17 has no Gelu operator; ONNX Runtime
     * fuses this pattern, {@code x · 0.5 · (1 + erf(x / √2))}, into its own Gelu kernel.
     */
    private String gelu(String x) {
        String erf = graph.node("Erf", List.of(graph.node("Div", List.of(x, graph.floatScalar((float) Math.sqrt(2))))));
        String onePlus = graph.node("Add", List.of(erf, graph.floatScalar(1)));
        return graph.node("Mul", List.of(graph.node("Mul", List.of(x, onePlus)), graph.floatScalar(0.5f)));
    }

    /** torch's {@code linear}: {@code x · Wᵀ + b}, with Wᵀ stored. */
    private String linear(String x, String name) {
        NDArray w = parameters.get(name + ".weight");
        long out = w.getShape().get(0);
        long in = w.getShape().get(1);
        float[] values = w.toFloatArray();
        float[] t = new float[values.length];
        for (int i = 0; i < out; i++) {
            for (int j = 0; j < in; j++) {
                t[(int) (j * out + i)] = values[(int) (i * in + j)];
            }
        }
        String transposed;
        try (NDManager scope = scratch.newSubManager()) {
            transposed = tensor(name + ".weight_transposed", scope.create(t, new ai.djl.ndarray.types.Shape(in, out)));
        }
        return graph.node("Add", List.of(graph.node("MatMul", List.of(x, transposed)), weight(name + ".bias")));
    }

    private String layerNorm(String x, String name) {
        return graph.node("LayerNormalization", List.of(x, weight(name + ".weight"), weight(name + ".bias")),
                intAttribute("axis", -1), floatAttribute("epsilon", LAYER_NORM_EPS));
    }

    /**
     * The reference's {@code interpolate_pos_encoding}: the learned embedding as is for the grid it was
     * built for and square images, otherwise its patch part resampled bicubically with torch's {@code
     * scale_factor=((rows + 0.1) / √N, (columns + 0.1) / √N)}. With a fixed image size the choice is made
     * here; with a dynamic one an {@code If} makes it for each input.
     */
    private String positionalEmbedding(String imageShape) {
        String learned = weight("pos_embed");
        int patch = architecture.patchSize();
        if (!options.dynamicSize()) {
            int cells = options.imageSize() / patch;
            if (options.imageSize() == architecture.imageSize()) {
                return learned;
            }
            return resampled(graph, learned, graph.int64s(cells), graph.int64s(cells));
        }
        String height = slice(imageShape, 2, 3);
        String width = slice(imageShape, 3, 4);
        String rows = graph.node("Div", List.of(height, graph.int64s(patch)));
        String columns = graph.node("Div", List.of(width, graph.int64s(patch)));
        String samePatchCount = graph.node("Equal", List.of(graph.node("Mul", List.of(rows, columns)),
                graph.int64s(architecture.numPatches())));
        String square = graph.node("Equal", List.of(height, width));
        String asLearned = graph.node("And", List.of(samePatchCount, square));

        OnnxGraph keep = new OnnxGraph("pos_embed_as_learned", "keep_");
        keep.namedNode("Identity", List.of(learned), "pos_embed_learned");
        keep.output("pos_embed_learned", "", FLOAT, 1L, "tokens", (long) architecture.embedDim());
        OnnxGraph resample = new OnnxGraph("pos_embed_resampled", "resample_");
        resample.namedNode("Identity", List.of(resampled(resample, learned, rows, columns)), "pos_embed_resampled");
        resample.output("pos_embed_resampled", "", FLOAT, 1L, "tokens", (long) architecture.embedDim());
        return graph.node("If", List.of(asLearned), graphAttribute("then_branch", keep.build()),
                graphAttribute("else_branch", resample.build()));
    }

    /** The learned embedding's patch part resampled to rows × columns (1-D int64 values), the class position kept. */
    private String resampled(OnnxGraph into, String learned, String rows, String columns) {
        int grid = architecture.gridSize();
        int dim = architecture.embedDim();
        String classPosition = into.node("Slice", List.of(learned, into.int64s(0), into.int64s(1), into.int64s(1)));
        String patchPosition = into.node("Slice", List.of(learned, into.int64s(1), into.int64s(Long.MAX_VALUE), into.int64s(1)));
        String image = into.node("Transpose", List.of(into.node("Reshape", List.of(patchPosition, into.int64s(1, grid, grid, dim)))),
                intsAttribute("perm", 0, 3, 1, 2));
        String scales = into.node("Concat", List.of(into.floats("resample_unit_scales", new float[] {1, 1}, 2),
                scale(into, rows, grid), scale(into, columns, grid)), intAttribute("axis", 0));
        String resized = into.node("Resize", List.of(image, "", scales), stringAttribute("mode", "cubic"),
                floatAttribute("cubic_coeff_a", BICUBIC_A), stringAttribute("coordinate_transformation_mode", "half_pixel"));
        String tokens = into.node("Transpose", List.of(into.node("Reshape", List.of(resized, into.int64s(1, dim, -1)))),
                intsAttribute("perm", 0, 2, 1));
        return into.node("Concat", List.of(classPosition, tokens), intAttribute("axis", 1));
    }

    /** {@code (cells + 0.1) / grid}: the 0.1 keeps the output size from rounding down. */
    private static String scale(OnnxGraph into, String cells, int grid) {
        String asFloat = into.node("Cast", List.of(cells), intAttribute("to", TensorProto.DataType.FLOAT_VALUE));
        return into.node("Div", List.of(into.node("Add", List.of(asFloat, into.floatScalar(0.1f))), into.floatScalar(grid)));
    }

    private String slice(String vector, long start, long end) {
        return graph.node("Slice", List.of(vector, graph.int64s(start), graph.int64s(end), graph.int64s(0)));
    }

    /** A parameter, under its state-dict name. */
    private String weight(String name) {
        return tensor(name, parameters.get(name));
    }

    /** Stores a parameter: as float32, or as float16 with a Cast to float32 after it. */
    private String tensor(String name, NDArray value) {
        long[] dims = value.getShape().getShape();
        if (!options.fp16Weights()) {
            return graph.floats(name, value.toFloatArray(), dims);
        }
        try (NDManager scope = scratch.newSubManager()) {
            // libtorch's float → float16 conversion (round to nearest even); Java 17 has none.
            NDArray half = value.toDevice(ai.djl.Device.cpu(), true);
            half.attach(scope);
            byte[] bytes = half.toType(DataType.FLOAT16, true).toByteArray();
            graph.initializer(name, TensorProto.DataType.FLOAT16, bytes, dims);
        }
        return graph.node("Cast", List.of(name), intAttribute("to", TensorProto.DataType.FLOAT_VALUE));
    }
}
