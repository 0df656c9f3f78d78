package dev.dinojvm.plugins.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.ParameterStore;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.Head;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builds heads through the factory and fills them and a {@link ReferenceDinoHead} with the same seeded values. */
final class HeadFixture {

    static final DinoHeadFactory FACTORY = new DinoHeadFactory();

    private HeadFixture() {}

    static ComponentConfig config(Map<String, String> values) {
        return new ComponentConfig("dino.head", FACTORY.configKeys(), values);
    }

    /** Module names of the MLP's linear layers in the reference nn.Sequential, written out independently. */
    static List<String> linearPrefixes(int layers, boolean useBn) {
        if (layers == 1) {
            return List.of("mlp");
        }
        List<String> prefixes = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            prefixes.add("mlp." + i * (useBn ? 3 : 2));
        }
        return prefixes;
    }

    static Head initialised(NDManager manager, Map<String, String> values, int inputDim) {
        Head head = FACTORY.create(config(values), inputDim);
        head.block().initialize(manager, DataType.FLOAT32, new Shape(1, inputDim));
        return head;
    }

    /**
     * Overwrites every parameter of an initialised head with seeded values and returns a reference
     * holding the same values.
     */
    static ReferenceDinoHead seed(Head head, int layers, boolean useBn, Random random) {
        ParameterList parameters = head.block().getParameters();
        ReferenceDinoHead reference = new ReferenceDinoHead();
        List<String> prefixes = linearPrefixes(layers, useBn);
        for (int i = 0; i < prefixes.size(); i++) {
            String prefix = prefixes.get(i);
            Parameter weight = parameters.get(prefix + ".weight");
            double scale = 2 / Math.sqrt(weight.getShape().get(1));
            reference.linears.add(new ReferenceDinoHead.LinearLayer(
                    fill(weight, random, -scale, scale), fill(parameters.get(prefix + ".bias"), random, -0.5, 0.5)[0]));
            if (useBn && i < prefixes.size() - 1) {
                String bn = "mlp." + (i * 3 + 1);
                reference.norms.add(new ReferenceDinoHead.Norm(
                        fill(parameters.get(bn + ".weight"), random, 0.5, 1.5)[0],
                        fill(parameters.get(bn + ".bias"), random, -0.5, 0.5)[0],
                        fill(parameters.get(bn + ".running_mean"), random, -0.5, 0.5)[0],
                        fill(parameters.get(bn + ".running_var"), random, 0.5, 1.5)[0]));
            }
        }
        reference.weightG = fill(parameters.get("last_layer.weight_g"), random, 0.5, 1.5);
        reference.weightV = fill(parameters.get("last_layer.weight_v"), random, -1, 1);
        return reference;
    }

    /** @return the values written, as rows (a 1-D parameter is one row) */
    static double[][] fill(Parameter parameter, Random random, double low, double high) {
        Shape shape = parameter.getShape();
        int rows = shape.dimension() == 1 ? 1 : (int) shape.get(0);
        int columns = (int) (shape.size() / rows);
        float[] flat = new float[rows * columns];
        double[][] values = new double[rows][columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                flat[r * columns + c] = (float) (low + (high - low) * random.nextDouble());
                values[r][c] = flat[r * columns + c];
            }
        }
        parameter.getArray().set(flat);
        return values;
    }

    static double[][] randomInput(int batch, int features, Random random) {
        double[][] x = new double[batch][features];
        for (double[] row : x) {
            for (int i = 0; i < features; i++) {
                row[i] = (float) (-2 + 4 * random.nextDouble());
            }
        }
        return x;
    }

    static NDArray toArray(NDManager manager, double[][] x) {
        float[] flat = new float[x.length * x[0].length];
        for (int b = 0; b < x.length; b++) {
            for (int i = 0; i < x[b].length; i++) {
                flat[b * x[b].length + i] = (float) x[b][i];
            }
        }
        return manager.create(flat, new Shape(x.length, x[0].length));
    }

    static NDArray forward(Head head, NDManager manager, NDArray input, boolean training) {
        return head.block().forward(new ParameterStore(manager, false), new NDList(input), training).singletonOrThrow();
    }

    static double maxAbsDifference(NDArray actual, double[][] expected) {
        float[] values = actual.toFloatArray();
        int columns = expected[0].length;
        if (values.length != expected.length * columns) {
            throw new AssertionError("expected " + expected.length * columns + " values, got " + values.length);
        }
        double max = 0;
        for (int b = 0; b < expected.length; b++) {
            for (int i = 0; i < columns; i++) {
                max = Math.max(max, Math.abs(values[b * columns + i] - expected[b][i]));
            }
        }
        return max;
    }

    static double maxAbsDifference(NDArray actual, double[] expected) {
        return maxAbsDifference(actual, new double[][] {expected});
    }

    static double maxAbsDifference(double[][] a, double[][] b) {
        double max = 0;
        for (int r = 0; r < a.length; r++) {
            for (int c = 0; c < a[r].length; c++) {
                max = Math.max(max, Math.abs(a[r][c] - b[r][c]));
            }
        }
        return max;
    }
}
