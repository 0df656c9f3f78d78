package dev.dinojvm.engine.parallel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.config.SettingValue;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One rank of a test job, run as its own JVM by {@link GlooProcessGroupTest}: joins the job from the
 * environment, sums arrays that depend on its rank and prints the totals, one line per fact.
 *
 * <p>Arguments: {@code sum} (three reductions of known arrays), {@code gradient BATCH} (the gradient of
 * this rank's share of a batch, summed over the ranks), or {@code loop N ELEMENTS PAUSE_MS} (N
 * reductions of ELEMENTS floats, printing {@code step i} after each, resident memory and the mean time
 * per reduction at the end). The variable {@code TEST_RECIPE} stands for the configuration the ranks
 * must share.
 */
public final class RankProcess {

    private RankProcess() {}

    public static void main(String[] args) throws Exception {
        Map<String, SettingValue> values = new HashMap<>();
        values.put("dino.distributed.timeout", new SettingValue(System.getenv().getOrDefault("TEST_TIMEOUT", "20"), "test"));
        values.put("dino.train.epochs", new SettingValue(System.getenv().getOrDefault("TEST_RECIPE", "1"), "test"));
        DinoSettings settings = new DinoSettings(values, Map.of());
        DistributedEnvironment environment = DistributedEnvironment.resolve(settings, System.getenv());
        try (NDManager manager = NDManager.newBaseManager();
                ProcessGroup group = ProcessGroups.open(environment, settings)) {
            System.out.println("joined rank " + group.rank() + " of " + group.worldSize());
            if (args[0].equals("sum")) {
                sum(manager, group);
            } else if (args[0].equals("gradient")) {
                BatchShare share = BatchShare.of(Integer.parseInt(args[1]), group);
                NDArray gradient = gradient(manager, share.from(), share.size(), share.lossWeight());
                group.sumInPlace(List.of(gradient));
                System.out.println("gradient " + join(gradient.toFloatArray()));
            } else {
                loop(manager, group, Integer.parseInt(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
            }
        } catch (ProcessGroupException e) {
            System.out.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Rank r contributes a = [r·10 + i], b = (r + 1)·0.25 everywhere, c = [r]: arrays of different shapes in one call. */
    private static void sum(NDManager manager, ProcessGroup group) {
        int r = group.rank();
        NDArray a = manager.arange(0f, 6f, 1f).add(r * 10f).reshape(2, 3);
        NDArray b = manager.full(new Shape(100_003), (r + 1) * 0.25f);
        NDArray c = manager.create(new float[] {r});
        for (int repeat = 0; repeat < 3; repeat++) {
            NDArray aIn = a.duplicate();
            NDArray bIn = b.duplicate();
            NDArray cIn = c.duplicate();
            group.sumInPlace(List.of(aIn, bIn, cIn));
            System.out.println("a " + join(aIn.toFloatArray()) + " shape " + aIn.getShape());
            System.out.println("b min " + bIn.min().getFloat() + " max " + bIn.max().getFloat());
            System.out.println("c " + join(cIn.toFloatArray()));
        }
    }

    /**
     * The gradient with respect to a fixed weight matrix of {@code weight × mean over images [from, from +
     * size) of sum(tanh(x W)²)}, for fixed inputs {@code x[i][j] = sin(5i + j)}.
     */
    static NDArray gradient(NDManager manager, int from, int size, float weight) {
        float[] x = new float[size * 5];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < 5; j++) {
                x[i * 5 + j] = (float) Math.sin(5 * (from + i) + j);
            }
        }
        NDArray w = manager.arange(0f, 15f, 1f).div(15f).sub(0.5f).reshape(5, 3);
        w.setRequiresGradient(true);
        try (ai.djl.training.GradientCollector collector = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            NDArray loss = manager.create(x, new Shape(size, 5)).matMul(w).tanh().square().sum(new int[] {1}).mean()
                    .mul(manager.full(new Shape(), weight));
            collector.backward(loss);
        }
        return w.getGradient().duplicate();
    }

    private static void loop(NDManager manager, ProcessGroup group, int steps, int elements, long pauseMillis) throws InterruptedException {
        NDArray gradient = manager.ones(new Shape(elements));
        long rssAfterWarmUp = 0;
        long start = 0;
        int warmUp = Math.min(20, steps / 10);
        for (int step = 0; step < steps; step++) {
            if (step == warmUp) {
                rssAfterWarmUp = residentKiB();
                start = System.nanoTime();
            }
            group.sumInPlace(List.of(gradient));
            gradient.divi(group.worldSize());
            System.out.println("step " + step);
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
        }
        double millis = (System.nanoTime() - start) / 1e6 / (steps - warmUp);
        System.out.println("rss " + rssAfterWarmUp + " " + residentKiB());
        System.out.println(String.format(Locale.ROOT, "ms per reduction %.3f", millis));
        System.out.println("value " + gradient.getFloat(0));
    }

    private static long residentKiB() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS");
    }

    private static String join(float[] values) {
        StringBuilder text = new StringBuilder();
        for (float value : values) {
            text.append(text.length() == 0 ? "" : ",").append(value);
        }
        return text.toString();
    }
}
