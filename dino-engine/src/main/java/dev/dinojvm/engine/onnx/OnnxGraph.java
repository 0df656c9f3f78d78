package dev.dinojvm.engine.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * Builds one ONNX graph (the main graph or an {@code If} branch) with the classes protoc generates from
 * ONNX's {@code onnx.proto}: nodes get unique output names, constants and weights become initializers.
 */
final class OnnxGraph {

    private final GraphProto.Builder graph;
    private final String prefix;
    private int counter;

    /**
     * @param name the graph's name
     * @param prefix starts every generated value name, so that a branch's names do not clash with its parent's
     */
    OnnxGraph(String name, String prefix) {
        this.graph = GraphProto.newBuilder().setName(name);
        this.prefix = prefix;
    }

    /**
     * Adds a node with one output.
     *
     * @param op the operator, e.g. {@code MatMul}
     * @param inputs its inputs by name ({@code ""} for an omitted optional input)
     * @param attributes its attributes
     * @return the name of its output
     */
    String node(String op, List<String> inputs, AttributeProto... attributes) {
        String output = prefix + op.toLowerCase() + "_" + counter++;
        graph.addNode(NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output)
                .addAllAttribute(List.of(attributes)));
        return output;
    }

    /** Adds a node whose single output gets the given name (a graph output). */
    void namedNode(String op, List<String> inputs, String output, AttributeProto... attributes) {
        graph.addNode(NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output)
                .addAllAttribute(List.of(attributes)));
    }

    /**
     * A float32 tensor stored in the graph.
     *
     * @param name its name
     * @param values row-major values
     * @param dims its shape
     * @return its name
     */
    String floats(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return initializer(name, TensorProto.DataType.FLOAT, bytes.array(), dims);
    }

    /**
     * A tensor stored in the graph from little-endian raw bytes.
     *
     * @param name its name
     * @param type its element type
     * @param littleEndian its values, row-major
     * @param dims its shape
     * @return its name
     */
    String initializer(String name, TensorProto.DataType type, byte[] littleEndian, long... dims) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
                .setRawData(ByteString.copyFrom(littleEndian));
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        graph.addInitializer(tensor);
        return name;
    }

    /** @return the name of a 1-D int64 constant (shapes, axes, indices) */
    String int64s(long... values) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(prefix + "const_" + counter++)
                .setDataType(TensorProto.DataType.INT64_VALUE).addDims(values.length);
        for (long value : values) {
            tensor.addInt64Data(value);
        }
        graph.addInitializer(tensor);
        return tensor.getName();
    }

    /** @return the name of a 0-D int64 constant */
    String int64Scalar(long value) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(prefix + "const_" + counter++)
                .setDataType(TensorProto.DataType.INT64_VALUE).addInt64Data(value);
        graph.addInitializer(tensor);
        return tensor.getName();
    }

    /** @return the name of a 0-D float32 constant */
    String floatScalar(float value) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(prefix + "const_" + counter++)
                .setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(value);
        graph.addInitializer(tensor);
        return tensor.getName();
    }

    /**
     * Declares a graph input.
     *
     * @param name its name
     * @param dims its dimensions: a {@link Long} for a fixed size, a {@link String} for a named dynamic one
     */
    void input(String name, TensorProto.DataType type, Object... dims) {
        graph.addInput(valueInfo(name, type, dims));
    }

    /**
     * Declares a graph output.
     *
     * @param name its name
     * @param doc what it holds, for whoever reads the model
     * @param dims its dimensions: a {@link Long} for a fixed size, a {@link String} for a named dynamic one
     */
    void output(String name, String doc, TensorProto.DataType type, Object... dims) {
        graph.addOutput(valueInfo(name, type, dims).toBuilder().setDocString(doc));
    }

    /** @return the graph built so far */
    GraphProto build() {
        return graph.build();
    }

    static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    static AttributeProto stringAttribute(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    static AttributeProto graphAttribute(String name, GraphProto value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.GRAPH).setG(value).build();
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            TensorShapeProto.Dimension.Builder dimension = TensorShapeProto.Dimension.newBuilder();
            if (dim instanceof String param) {
                dimension.setDimParam(param);
            } else {
                dimension.setDimValue(((Number) dim).longValue());
            }
            shape.addDim(dimension);
        }
        TypeProto.Tensor.Builder tensor = TypeProto.Tensor.newBuilder().setElemType(type.getNumber());
        if (dims.length > 0) {
            tensor.setShape(shape);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }
}
