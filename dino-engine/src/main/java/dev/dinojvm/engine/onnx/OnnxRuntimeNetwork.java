package dev.dinojvm.engine.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.dinojvm.engine.eval.FeatureNetwork;
import java.nio.FloatBuffer;
import java.util.Map;
import onnx.Onnx.ModelProto;

/**
 * A backbone run by ONNX Runtime (CPU) from its ONNX export, held in memory. Images come in and
 * results go out as DJL arrays, so the rest of the engine (preprocessing, search, probes) is the same
 * for both engines.
 */
public final class OnnxRuntimeNetwork implements FeatureNetwork {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final boolean hasTokens;

    private OnnxRuntimeNetwork(OrtEnvironment environment, OrtSession session, boolean hasTokens) {
        this.environment = environment;
        this.session = session;
        this.hasTokens = hasTokens;
    }

    /**
     * @param model an exported backbone
     * @param threads intra-op threads (the same number libtorch uses makes the engines comparable)
     * @return a session on the CPU with all graph optimisations on
     * @throws OrtException when ONNX Runtime cannot load the model
     */
    public static OnnxRuntimeNetwork open(ModelProto model, int threads) throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(threads);
            // Idle ONNX Runtime threads would otherwise spin, taking the cores from libtorch and the
            // data loading that run in the same process between its calls.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtSession session = environment.createSession(model.toByteArray(), options);
            return new OnnxRuntimeNetwork(environment, session, session.getOutputNames().contains(OnnxExportOptions.PATCH_TOKENS));
        }
    }

    @Override
    public NDArray features(NDArray images) {
        return run(images, OnnxExportOptions.FEATURES);
    }

    @Override
    public NDArray tokens(NDArray images) {
        if (!hasTokens) {
            throw new UnsupportedOperationException("this ONNX Runtime session was built without the patch tokens");
        }
        try (OnnxTensor input = tensor(images); OrtSession.Result result = session.run(Map.of(OnnxExportOptions.INPUT, input))) {
            NDArray cls = output(result, OnnxExportOptions.FEATURES, images);
            NDArray patches = output(result, OnnxExportOptions.PATCH_TOKENS, images);
            return cls.expandDims(1).concat(patches, 1);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String engineName() {
        return "ONNX Runtime " + environment.getVersion();
    }

    private NDArray run(NDArray images, String name) {
        try (OnnxTensor input = tensor(images);
                OrtSession.Result result = session.run(Map.of(OnnxExportOptions.INPUT, input), java.util.Set.of(name))) {
            return output(result, name, images);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    private OnnxTensor tensor(NDArray images) throws OrtException {
        return OnnxTensor.createTensor(environment, FloatBuffer.wrap(images.toFloatArray()), images.getShape().getShape());
    }

    private static NDArray output(OrtSession.Result result, String name, NDArray like) {
        OnnxTensor tensor = (OnnxTensor) result.get(name).orElseThrow();
        long[] shape = tensor.getInfo().getShape();
        FloatBuffer values = tensor.getFloatBuffer();
        return like.getManager().create(values, new Shape(shape)).toDevice(like.getDevice(), false);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX Runtime session failed: " + e.getMessage(), e);
        }
    }
}
