package dev.dinojvm.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.dinojvm.api.Backbone;
import dev.dinojvm.api.Head;
import dev.dinojvm.api.MaskedTokens;
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

    private static final String HEAD = "head.";
    /** DINOv2's name of the separate iBOT head. */
    private static final String PATCH_HEAD = "ibot_head.";

    private final Backbone backbone;
    private final Head head;
    private final Head patchHead;
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
        this(backbone, head, null, manager, dataType);
    }

    /**
     * Builds and initialises the network on {@code manager}'s device, with a head of its own for iBOT's patch
     * tokens (DINOv2's {@code ibot.separate_head}).
     *
     * @param backbone an uninitialised backbone
     * @param head an uninitialised head for the backbone's features
     * @param patchHead an uninitialised head for the patch tokens, its parameters named {@code ibot_head.<name>};
     *     {@code null} when the patch tokens go through {@code head}
     * @param manager the training manager
     * @param dataType the type of its parameters (fp16 for the compute copies of mixed precision)
     */
    public DinoNetwork(Backbone backbone, Head head, Head patchHead, NDManager manager, DataType dataType) {
        this.backbone = backbone;
        this.head = head;
        this.patchHead = patchHead;
        int size = backbone.imageSize();
        backbone.block().initialize(manager, dataType, new Shape(1, backbone.inputChannels(), size, size));
        head.block().initialize(manager, dataType, new Shape(1, backbone.outputDim()));
        for (Pair<String, Parameter> p : backbone.block().getParameters()) {
            parameters.add("backbone." + p.getKey(), p.getValue());
        }
        for (Pair<String, Parameter> p : head.block().getParameters()) {
            parameters.add(HEAD + p.getKey(), p.getValue());
        }
        if (patchHead != null) {
            patchHead.block().initialize(manager, dataType, new Shape(1, backbone.outputDim()));
            for (Pair<String, Parameter> p : patchHead.block().getParameters()) {
                parameters.add(PATCH_HEAD + p.getKey(), p.getValue());
            }
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
                String name = p.getKey();
                boolean lastLayer = name.startsWith(HEAD) && head.lastLayerParameters().contains(name.substring(HEAD.length()))
                        || name.startsWith(PATCH_HEAD) && patchHead.lastLayerParameters().contains(name.substring(PATCH_HEAD.length()));
                result.add(NamedParameter.of(name, p.getValue(), lastLayer));
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

    /** @return the output dimension of the head that iBOT's patch tokens go through */
    public int patchOutputDim() {
        return patchHead == null ? head.outputDim() : patchHead.outputDim();
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
     * @param patchOutputs the head outputs of the selected patch tokens {@code (M, K)} ({@link #forwardWithPatches}), or
     *     {@code null}
     */
    public record Outputs(NDArray headOutputs, NDArray firstFeatures, NDArray patchOutputs) {}

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
        return new Outputs(head.block().forward(parameterStore, new NDList(all), training).singletonOrThrow(), features.get(0), null);
    }

    /**
     * {@link #forwardWithFeatures} with iBOT's patches, as DINOv2's {@code SSLMetaArch}: the first resolution's
     * views (the global crops) run through {@link MaskedTokens#tokens} with their masks, and the head runs
     * once on the CLS features of all views followed by the patch tokens at the selected positions (the
     * head acts on each row alone, so this is the head of each); with a patch head of its own, the patch
     * tokens go through that one.
     *
     * @param viewsByResolution one array per crop resolution, each {@code (views·B, 3, H, W)}, in view order
     * @param masks {@code (views·B, P)} of the first resolution, 1 at masked patches, or {@code null} (the teacher)
     * @param patchIndices {@code (M)} int64 positions in the first resolution's patch tokens flattened to
     *     {@code (views·B·P)}, whose head outputs are wanted
     * @param training whether training-only behaviour (stochastic depth) is on
     * @return the head outputs and the first resolution's features, with the selected patches' head outputs
     */
    public Outputs forwardWithPatches(List<NDArray> viewsByResolution, NDArray masks, NDArray patchIndices, boolean training) {
        NDArray tokens = ((MaskedTokens) backbone).tokens(parameterStore, viewsByResolution.get(0), masks, training);
        long dim = tokens.getShape().get(2);
        NDArray cls = tokens.get(new NDIndex(":, 0"));
        NDArray patches = tokens.get(new NDIndex(":, 1:")).reshape(-1, dim).get(new NDIndex("{}", patchIndices));
        NDList rows = new NDList(viewsByResolution.size() + 1);
        rows.add(cls);
        for (NDArray views : viewsByResolution.subList(1, viewsByResolution.size())) {
            rows.add(backbone.block().forward(parameterStore, new NDList(views), training).singletonOrThrow());
        }
        if (patchHead != null) {
            NDArray views = rows.size() == 1 ? rows.get(0) : NDArrays.concat(rows, 0);
            NDArray outputs = head.block().forward(parameterStore, new NDList(views), training).singletonOrThrow();
            NDArray patchOutputs = patchHead.block().forward(parameterStore, new NDList(patches), training).singletonOrThrow();
            return new Outputs(outputs, cls, patchOutputs);
        }
        rows.add(patches);
        NDArray outputs = head.block().forward(parameterStore, new NDList(NDArrays.concat(rows, 0)), training).singletonOrThrow();
        long viewRows = outputs.getShape().get(0) - patches.getShape().get(0);
        return new Outputs(outputs.get(new NDIndex("0:" + viewRows)), cls, outputs.get(new NDIndex(viewRows + ":")));
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
