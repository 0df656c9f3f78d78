package dev.dinojvm.engine.job;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.dinojvm.api.ModelRole;
import dev.dinojvm.engine.eval.InitialisationComparison;
import dev.dinojvm.engine.eval.TrainingKnn;
import dev.dinojvm.engine.train.DinoNetwork;
import dev.dinojvm.engine.train.RunOutcome;
import dev.dinojvm.engine.train.TrainingListener;
import dev.dinojvm.engine.train.TrainingRun;
import dev.dinojvm.engine.util.Messages;
import java.io.IOException;
import java.io.PrintStream;

/**
 * The closing comparison of {@code dino.eval.knn-baselines} (on in the embedded demo): the trained
 * teacher's k-NN top-1 next to that of the same network at the run's random initialisation and that of
 * raw pixels, on the bank and queries of the k-NN evaluations during the run; logged to {@code
 * metrics.jsonl} and printed with the gain in points. The embedded demo's closing lines then point to
 * the showcase.
 */
final class DemoComparisonListener implements TrainingListener {

    /** The embedded demo's last line. */
    static final String SHOWCASE = "Longer: ./dino train --config configs/showcase.yaml trains the same recipe on all 60,000 "
            + "Fashion-MNIST images (about 25 minutes on 2 cores; apt-get install -y dataset-fashion-mnist first).";

    private final TrainingComponents components;
    private final InitialisationComparison comparison;
    private final MetricsLog metrics;
    private final NDManager manager;
    private final long seed;
    private final PrintStream out;
    private final boolean embeddedDemo;
    private final boolean skipShortRuns;

    /**
     * @param skipShortRuns whether a run cut short by {@code dino.train.max-steps} skips the comparison
     *     (when {@code dino.eval.knn-baselines} is on by default rather than asked for: a few steps to try a
     *     setting should not end with three evaluations of the whole bank)
     */
    DemoComparisonListener(TrainingComponents components, TrainingKnn knn, MetricsLog metrics, NDManager manager, long seed,
            PrintStream out, boolean embeddedDemo, boolean skipShortRuns) {
        this.components = components;
        this.comparison = new InitialisationComparison(knn);
        this.metrics = metrics;
        this.manager = manager;
        this.seed = seed;
        this.out = out;
        this.embeddedDemo = embeddedDemo;
        this.skipShortRuns = skipShortRuns;
    }

    @Override
    public void onRunEnd(TrainingRun run, RunOutcome outcome) throws IOException {
        if (outcome.kind() != RunOutcome.Kind.COMPLETED || run.start() >= run.stop()) {
            return;
        }
        if (skipShortRuns && run.stop() < run.totalIterations()) {
            out.println("note: no closing k-NN comparison: the run stopped at dino.train.max-steps before its end "
                    + "(set dino.eval.knn-baselines=true to have it anyway)");
            return;
        }
        DinoNetwork teacher = run.trainer().teacher();
        InitialisationComparison.Result result;
        try {
            result = comparison.compare(manager, teacher::features, scope -> {
                Engine.getInstance().setRandomSeed((int) seed); // as at the start of the run: the same initial weights
                return components.network(ModelRole.STUDENT, scope)::features;
            }, teacher.backbone().imageSize());
        } catch (IOException e) {
            // The trained run is complete and saved; evaluation images that cannot be read (all of the bank or of the
            // queries: single ones are left out) cost only the comparison.
            out.println("note: no closing k-NN comparison: " + Messages.oneLine(e.getMessage()));
            return;
        }
        long last = outcome.iterationsDone() - 1;
        metrics.append(result.toMetrics(last, (int) (last / run.recipe().iterationsPerEpoch())));
        out.println(result.summary());
        if (embeddedDemo) {
            out.println(SHOWCASE);
        }
    }
}
