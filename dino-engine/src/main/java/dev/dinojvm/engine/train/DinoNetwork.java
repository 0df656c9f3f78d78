package dev.dinojvm.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.dinojvm.api.Backbone;
import dev.dinojvm.api.Head;
import dev.dinojvm.engine.util.ParameterWrites;
import java.util.ArrayList;
import java.util.List;

/**
 * A backbone with its projection head, as the reference's {@code MultiCropWrapper}: the backbone runs
 * once per crop resolution on all views of that resolution, the head once on all features.
 *
 * <p>Parameters are named {@code backbone.<name>} and {@code head.<name>}, as in the reference's
 * checkpoints.
 */
public final class DinoNetwork {

    private final Backbone backbone;
    private final Head head;
    private final ParameterStore parameterStore;
    private final ParameterList parameters = new ParameterList();

    /**
     * Builds and initialises the network on {@code manager}'s device, in fp32.
     *
     * @param backbone an uninitialised backbone
     * @param head an uninitialised head for the backbone's features
     * @param manager the training manager
     */
    public DinoNetwork(Backbone backbone, Head head, NDManager manager) {
        this(backbone, head, manager, DataType.FLOAT32);
    }

    /**
     * Builds and initialises the network on {@code manager}'s device.
     *
     * @param backbone an uninitialised backbone
     * @param head an uninitialised head for the backbone's features
     * @param manager the training manager
     * @param dataType the type of its parameters (fp16 for the compute copies of mixed precision)
     */
    public DinoNetwork(Backbone backbone, Head head, NDManager manager, DataType dataType) {
        this.backbone = backbone;
        this.head = head;
        int size = backbone.imageSize();
        backbone.block().initialize(manager, dataType, new Shape(1, backbone.inputChannels(), size, size));
        head.block().initialize(manager, dataType, new Shape(1, backbone.outputDim()));
        for (Pair<String, Parameter> p : backbone.block().getParameters()) {
            parameters.add("backbone." + p.getKey(), p.getValue());
        }
        for (Pair<String, Parameter> p : head.block().getParameters()) {
            parameters.add("head." + p.getKey(), p.getValue());
        }
        this.parameterStore = new ParameterStore(manager, false);
    }

    /** @return every parameter, trainable or not, by full name */
    public ParameterList parameters() {
        return parameters;
    }

    /** @return the parameters the optimizer updates, with their weight-decay group */
    public List<NamedParameter> trainableParameters() {
        List<NamedParameter> result = new ArrayList<>();
        for (Pair<String, Parameter> p : parameters) {
            if (p.getValue().requiresGradient()) {
                String local = p.getKey().substring("head.".length());
                boolean lastLayer = p.getKey().startsWith("head.") && head.lastLayerParameters().contains(local);
                result.add(NamedParameter.of(p.getKey(), p.getValue(), lastLayer));
            }
        }
        return result;
    }

    /** Turns gradient tracking off for every parameter: the teacher is changed by its update rule only. */
    public void stopGradients() {
        for (Pair<String, Parameter> p : parameters) {
            p.getValue().getArray().setRequiresGradient(false);
        }
    }

    /** @return the backbone */
    public Backbone backbone() {
        return backbone;
    }

    /** @return the head */
    public Head head() {
        return head;
    }

    /**
     * Runs the network on the views of a batch.
     *
     * @param viewsByResolution one array per crop resolution, each {@code (views·B, 3, H, W)}, in view order
     * @param training whether training-only behaviour (stochastic depth) is on
     * @return head outputs {@code (allViews·B, K)}, view-major
     */
    public NDArray forward(List<NDArray> viewsByResolution, boolean training) {
        return forwardWithFeatures(viewsByResolution, training).headOutputs();
    }

    /**
     * The head outputs and the backbone features they came from.
     *
     * @param headOutputs {@code (allViews·B, K)}, view-major
     * @param firstFeatures the backbone features of the first resolution's views {@code (views·B, D)} (the global crops)
     */
    public record Outputs(NDArray headOutputs, NDArray firstFeatures) {}

    /**
     * {@link #forward}, also giving the backbone features of the first resolution (KoLeo's input).
     *
     * @param viewsByResolution one array per crop resolution, each {@code (views·B, 3, H, W)}, in view order
     * @param training whether training-only behaviour (stochastic depth) is on
     * @return the head outputs and the first resolution's features
     */
    public Outputs forwardWithFeatures(List<NDArray> viewsByResolution, boolean training) {
        NDList features = new NDList(viewsByResolution.size());
        for (NDArray views : viewsByResolution) {
            features.add(backbone.block().forward(parameterStore, new NDList(views), training).singletonOrThrow());
        }
        NDArray all = features.size() == 1 ? features.get(0) : NDArrays.concat(features, 0);
        return new Outputs(head.block().forward(parameterStore, new NDList(all), training).singletonOrThrow(), features.get(0));
    }

    /**
     * @param images {@code (B, 3, H, W)}
     * @return backbone features {@code (B, D)}, for evaluation
     */
    public NDArray features(NDArray images) {
        return backbone.block().forward(parameterStore, new NDList(images), false).singletonOrThrow();
    }

    /**
     * Copies every parameter value of {@code source} into this network (same architecture), converting
     * to this network's parameter types and device on the device, without a trip through the host.
     *
     * @param source the network to copy from
     */
    public void copyFrom(DinoNetwork source) {
        ParameterList from = source.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            String name = parameters.keyAt(i);
            if (!name.equals(from.keyAt(i))) {
                throw new IllegalStateException("parameter " + i + " is " + name + " here but " + from.keyAt(i) + " in the source");
            }
            ParameterWrites.copy(parameters.valueAt(i).getArray(), from.valueAt(i).getArray());
        }
    }
}
