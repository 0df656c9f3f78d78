package dev.dinojvm.engine.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.dinojvm.engine.eval.FeatureNetwork;
import dev.dinojvm.engine.eval.TrainedBackbone;
import dev.dinojvm.engine.onnx.InferenceEngine;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Images per second of the CLS features of one backbone under libtorch and under ONNX Runtime, with
 * the same number of threads, in one process. The engines alternate round by round, so that a change
 * of the machine's load between rounds falls on both; the ratio is taken within each round.
 */
public final class InferenceBenchmark {

    /** The engines compared, libtorch first. */
    private static final List<InferenceEngine> ENGINES = List.of(InferenceEngine.LIBTORCH, InferenceEngine.ONNXRUNTIME);

    private InferenceBenchmark() {}

    /**
     * One measured batch size.
     *
     * @param batch images per forward pass
     * @param imagesPerSecond the median over rounds, per engine
     * @param medianRatio the median over rounds of ONNX Runtime's images/s over libtorch's
     * @param ratios each round's ratio
     */
    public record Result(int batch, Map<InferenceEngine, Double> imagesPerSecond, double medianRatio, List<Double> ratios) {}

    /**
     * @param backbone the backbone, on the CPU
     * @param batch images per forward pass
     * @param passes timed forward passes per engine and round
     * @param rounds rounds (each engine once per round, after one untimed pass each before the first)
     * @param out where each round's line goes
     * @return the medians and the ratios
     */
    public static Result run(TrainedBackbone backbone, int batch, int passes, int rounds, PrintStream out) {
        int size = backbone.backbone().imageSize();
        Map<InferenceEngine, FeatureNetwork> networks = new EnumMap<>(InferenceEngine.class);
        Map<InferenceEngine, List<Double>> speeds = new EnumMap<>(InferenceEngine.class);
        List<Double> ratios = new ArrayList<>();
        try (NDManager scope = backbone.manager().newSubManager()) {
            float[] pixels = new float[batch * backbone.backbone().inputChannels() * size * size];
            Random random = new Random(batch);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) random.nextGaussian();
            }
            NDArray images = scope.create(pixels, new Shape(batch, backbone.backbone().inputChannels(), size, size));
            for (InferenceEngine engine : ENGINES) {
                FeatureNetwork network = engine.open(backbone, false);
                networks.put(engine, network);
                speeds.put(engine, new ArrayList<>());
                pass(network, images); // untimed: first-call allocations and kernel selection
            }
            for (int round = 0; round < rounds; round++) {
                Map<InferenceEngine, Double> roundSpeed = new EnumMap<>(InferenceEngine.class);
                for (InferenceEngine engine : ENGINES) {
                    long start = System.nanoTime();
                    for (int i = 0; i < passes; i++) {
                        pass(networks.get(engine), images);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    roundSpeed.put(engine, (double) passes * batch / seconds);
                    speeds.get(engine).add(roundSpeed.get(engine));
                }
                double ratio = roundSpeed.get(InferenceEngine.ONNXRUNTIME) / roundSpeed.get(InferenceEngine.LIBTORCH);
                ratios.add(ratio);
                out.printf(Locale.ROOT, "  batch %d round %d: libtorch %.1f images/s, ONNX Runtime %.1f images/s, ratio %.2f%n",
                        batch, round + 1, roundSpeed.get(InferenceEngine.LIBTORCH), roundSpeed.get(InferenceEngine.ONNXRUNTIME), ratio);
                out.flush();
            }
        } finally {
            networks.values().forEach(FeatureNetwork::close);
        }
        Map<InferenceEngine, Double> medians = new EnumMap<>(InferenceEngine.class);
        speeds.forEach((engine, values) -> medians.put(engine, median(values)));
        return new Result(batch, medians, median(ratios), ratios);
    }

    /** @return the intra-op threads both engines use: libtorch's, which ONNX Runtime sessions are given */
    public static int threads() {
        return JniUtils.getNumThreads();
    }

    private static void pass(FeatureNetwork network, NDArray images) {
        try (NDManager batchScope = images.getManager().newSubManager()) {
            NDArray features = network.features(images);
            features.attach(batchScope);
            features.toFloatArray(); // forces the result, as a caller reading the features does
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
