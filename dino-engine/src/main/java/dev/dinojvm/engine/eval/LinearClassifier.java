package dev.dinojvm.engine.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * The reference's {@code LinearClassifier} ({@code eval_linear.py}) trained with its optimiser: one
 * linear layer, weight {@code normal(0, 0.01)} and bias 0, cross-entropy, SGD with momentum 0.9 and no
 * weight decay.
 *
 * <p>The gradient of softmax cross-entropy through a linear layer is written out ({@code (softmax - onehot)
 * / B} back through the matrix product) rather than taken from autograd: two lines, and the update is
 * then exactly PyTorch's {@code SGD} ({@code buf = momentum * buf + grad}, the first step {@code buf =
 * grad}; {@code w -= lr * buf}).
 */
public final class LinearClassifier implements AutoCloseable {

    /** The reference's SGD momentum. */
    public static final double MOMENTUM = 0.9;

    private final NDManager manager;
    private final int dim;
    private final int classes;
    /** Stored transposed, {@code (D, C)}, so that every product has the batch as its receiver. */
    private final NDArray weight;
    private final NDArray bias;
    private NDArray weightMomentum;
    private NDArray biasMomentum;

    /**
     * @param parent the manager the parameters live under (a sub-manager is created and closed with this)
     * @param weight the initial weight, PyTorch's layout {@code [class][feature]}
     * @param bias the initial bias, one per class
     */
    public LinearClassifier(NDManager parent, float[][] weight, float[] bias) {
        this.manager = parent.newSubManager();
        this.classes = weight.length;
        this.dim = weight[0].length;
        float[] transposed = new float[dim * classes];
        for (int c = 0; c < classes; c++) {
            for (int d = 0; d < dim; d++) {
                transposed[d * classes + c] = weight[c][d];
            }
        }
        this.weight = manager.create(transposed, new Shape(dim, classes));
        this.bias = manager.create(bias.clone(), new Shape(classes));
    }

    /**
     * The reference's initialisation: weight {@code normal(0, 0.01)}, bias 0.
     *
     * @param parent the manager the parameters live under
     * @param dim feature dimension
     * @param classes number of classes
     * @param random the generator
     * @return a new classifier
     */
    public static LinearClassifier initialised(NDManager parent, int dim, int classes, Random random) {
        float[][] weight = new float[classes][dim];
        for (float[] row : weight) {
            for (int d = 0; d < dim; d++) {
                row[d] = (float) (random.nextGaussian() * 0.01);
            }
        }
        return new LinearClassifier(parent, weight, new float[classes]);
    }

    /**
     * One SGD step on a batch.
     *
     * @param features {@code (B, D)}
     * @param labels B class indices
     * @param learningRate this step's learning rate
     * @return the batch's mean cross-entropy before the step
     */
    public double step(float[][] features, int[] labels, double learningRate) {
        int batch = features.length;
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = batch(scope, features);
            NDArray oneHot = scope.create(labels).oneHot(classes);
            NDArray logits = x.matMul(weight).add(bias);
            NDArray logProbabilities = logits.logSoftmax(1);
            double loss = -logProbabilities.mul(oneHot).sum().getFloat() / batch;
            NDArray error = logProbabilities.exp().sub(oneHot).div(batch);
            NDArray weightGradient = x.transpose().matMul(error);
            NDArray biasGradient = error.sum(new int[] {0});
            weightMomentum = accumulate(weightMomentum, weightGradient);
            biasMomentum = accumulate(biasMomentum, biasGradient);
            try (NDArray weightStep = weightMomentum.mul(learningRate); NDArray biasStep = biasMomentum.mul(learningRate)) {
                weight.subi(weightStep);
                bias.subi(biasStep);
            }
            return loss;
        }
    }

    /**
     * @param features {@code (B, D)}
     * @return the class with the highest score of each row
     */
    public int[] predict(float[][] features) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray logits = batch(scope, features).matMul(weight).add(bias);
            long[] best = logits.argMax(1).toLongArray();
            int[] out = new int[best.length];
            for (int i = 0; i < best.length; i++) {
                out[i] = (int) best[i];
            }
            return out;
        }
    }

    /** @return the weight, PyTorch's layout {@code [class][feature]} */
    public float[][] weight() {
        float[] flat = weight.toFloatArray();
        float[][] out = new float[classes][dim];
        for (int c = 0; c < classes; c++) {
            for (int d = 0; d < dim; d++) {
                out[c][d] = flat[d * classes + c];
            }
        }
        return out;
    }

    /** @return the bias */
    public float[] bias() {
        return bias.toFloatArray();
    }

    /** @return the number of classes */
    public int classes() {
        return classes;
    }

    private NDArray accumulate(NDArray momentum, NDArray gradient) {
        if (momentum == null) {
            NDArray first = gradient.duplicate();
            first.attach(manager);
            return first;
        }
        return momentum.muli(MOMENTUM).addi(gradient);
    }

    private NDArray batch(NDManager scope, float[][] features) {
        float[] flat = new float[features.length * dim];
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != dim) {
                throw new IllegalArgumentException("expected " + dim + " features, got " + features[i].length);
            }
            System.arraycopy(features[i], 0, flat, i * dim, dim);
        }
        return scope.create(flat, new Shape(features.length, dim));
    }

    @Override
    public void close() {
        manager.close();
    }
}
