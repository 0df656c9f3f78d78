package dev.dinojvm.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;

/** Parameters with chosen values and gradients, for optimizer and clipping tests. */
final class ParameterFixtures {

    private ParameterFixtures() {}

    static Parameter parameter(NDManager manager, String name, float[] values, Shape shape) {
        Parameter parameter = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        NDArray array = manager.create(values, shape);
        array.setRequiresGradient(true);
        parameter.setArray(array);
        return parameter;
    }

    /** Gives every parameter the gradient {@code gradients[i]} by back-propagating sum(w · g) into cleared gradients. */
    static void setGradients(List<NamedParameter> parameters, List<float[]> gradients) {
        for (NamedParameter p : parameters) {
            try (NDArray g = p.parameter().getArray().getGradient()) {
                g.muli(0);
            }
        }
        try (NDManager scope = parameters.get(0).parameter().getArray().getManager().newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray total = null;
            for (int i = 0; i < parameters.size(); i++) {
                NDArray weight = parameters.get(i).parameter().getArray();
                NDArray term = weight.mul(scope.create(gradients.get(i), weight.getShape())).sum();
                term.attach(scope);
                total = total == null ? term : total.add(term);
            }
            collector.backward(total);
        }
    }

    /** @return the parameters' gradients (handles on them, changed in place by clipping) */
    static List<NDArray> gradients(List<NamedParameter> parameters) {
        return parameters.stream().map(p -> p.parameter().getArray().getGradient()).toList();
    }

    static float[] gradient(NamedParameter p) {
        try (NDArray g = p.parameter().getArray().getGradient()) {
            return g.toFloatArray();
        }
    }
}
