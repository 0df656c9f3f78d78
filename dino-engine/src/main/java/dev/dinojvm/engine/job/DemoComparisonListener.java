package dev.dinojvm.engine.job;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.dinojvm.api.ModelRole;
import dev.dinojvm.engine.data.ImageSources;
import dev.dinojvm.engine.eval.KnnResult;
import dev.dinojvm.engine.eval.TrainingKnn;
import dev.dinojvm.engine.train.DinoNetwork;
import dev.dinojvm.engine.train.RunOutcome;
import dev.dinojvm.engine.train.TrainingComponents;
import dev.dinojvm.engine.train.TrainingListener;
import dev.dinojvm.engine.train.TrainingRun;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The embedded demo's closing comparison: the trained teacher's k-NN top-1 next to that of the same
 * architecture at the run's random initialisation (the first 2,000 train images as the bank, the
 * first 1,000 test images as queries).
 */
final class DemoComparisonListener implements TrainingListener {

    private final TrainingComponents components;
    private final NDManager manager;
    private final long seed;
    private final int k;
    private final double temperature;
    private final PrintStream out;

    DemoComparisonListener(TrainingComponents components, NDManager manager, long seed, int k, double temperature, PrintStream out) {
        this.components = components;
        this.manager = manager;
        this.seed = seed;
        this.k = k;
        this.temperature = temperature;
        this.out = out;
    }

    @Override
    public void onRunEnd(TrainingRun run, RunOutcome outcome) throws IOException {
        if (outcome.kind() != RunOutcome.Kind.COMPLETED || run.start() >= run.stop()) {
            return;
        }
        String path = ImageSources.EMBEDDED_FASHION_MNIST;
        TrainingKnn knn = new TrainingKnn(ImageSources.open(path, "train", 2000), ImageSources.open(path, "test", 1000), k, temperature, 1);
        long started = System.nanoTime();
        DinoNetwork teacher = run.trainer().teacher();
        int size = teacher.backbone().imageSize();
        KnnResult trained = knn.evaluate(manager, teacher::features, size);
        KnnResult initial;
        try (NDManager scope = manager.newSubManager()) {
            Engine.getInstance().setRandomSeed((int) seed); // as at the start of the run: the same initial weights
            DinoNetwork untrained = components.network(ModelRole.STUDENT, scope);
            initial = knn.evaluate(scope, untrained::features, size);
        }
        out.printf(Locale.ROOT, "k-NN top-1 on the embedded test images (k=%d, T=%s, %d bank / %d queries): %.2f %% for the trained teacher, "
                + "%.2f %% for the same network at its random initialisation (evaluated in %.0f s).%n", trained.k(),
                trained.temperature(), trained.trainSize(), trained.testSize(), trained.top1(), initial.top1(),
                (System.nanoTime() - started) / 1e9);
        out.println("A few CPU minutes of DINO barely move k-NN on 28-px images, so expect the two to be close; "
                + "DINO's k-NN gains come over long runs (the paper trains 100-800 epochs).");
    }
}
