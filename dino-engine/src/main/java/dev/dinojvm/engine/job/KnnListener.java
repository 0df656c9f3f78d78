package dev.dinojvm.engine.job;

import dev.dinojvm.engine.metrics.KnnMetrics;
import dev.dinojvm.engine.eval.KnnResult;
import dev.dinojvm.engine.eval.TrainingKnn;
import dev.dinojvm.engine.train.DinoNetwork;
import dev.dinojvm.engine.train.IterationEvent;
import dev.dinojvm.engine.train.ProgressDisplay;
import dev.dinojvm.engine.train.TrainingListener;
import dev.dinojvm.engine.train.TrainingRun;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.Locale;

/** Evaluates the teacher's k-NN accuracy every {@code dino.eval.knn-every} epochs and logs it. */
final class KnnListener implements TrainingListener {

    private final TrainingKnn knn;
    private final MetricsLog metrics;
    private final ProgressDisplay console;
    private final NDManager manager;

    KnnListener(TrainingKnn knn, MetricsLog metrics, ProgressDisplay console, NDManager manager) {
        this.knn = knn;
        this.metrics = metrics;
        this.console = console;
        this.manager = manager;
    }

    @Override
    public void onEpochEnd(TrainingRun run, IterationEvent event) throws IOException {
        int completed = event.epoch() + 1;
        if (!knn.due(completed)) {
            return;
        }
        DinoNetwork teacher = run.trainer().teacher();
        KnnResult result = knn.evaluate(manager, teacher::features, teacher.backbone().imageSize());
        // Logged under the epoch's last iteration, so that a resume from the following checkpoint keeps the line.
        metrics.append(new KnnMetrics(event.iterationsDone() - 1, event.epoch(), result.top1(), result.top5()));
        console.message(String.format(Locale.ROOT, "k-NN after epoch %d: top-1 %.2f %%, top-5 %.2f %% (teacher, k=%d, T=%s, %d bank / %d queries)",
                completed, result.top1(), result.top5(), result.k(), result.temperature(), result.trainSize(), result.testSize()));
    }
}
