package dev.dinojvm.engine.job;

import dev.dinojvm.engine.train.CollapseDetector;
import dev.dinojvm.engine.train.IterationEvent;
import dev.dinojvm.engine.train.ProgressDisplay;
import dev.dinojvm.engine.train.TrainingListener;
import dev.dinojvm.engine.train.TrainingRun;

/** Warns once when the teacher collapses: a uniform output or one on a single dimension ({@link CollapseDetector}). */
final class CollapseListener implements TrainingListener {

    private final ProgressDisplay console;
    private CollapseDetector detector;

    CollapseListener(ProgressDisplay console) {
        this.console = console;
    }

    @Override
    public void onRunStart(TrainingRun run) {
        detector = new CollapseDetector(run.trainer().student().head().outputDim(), 200, run.recipe().iterationsPerEpoch());
    }

    @Override
    public void onIteration(TrainingRun run, IterationEvent event) {
        String warning = detector.observe(event.step().iteration(), event.step().teacherEntropy(), event.step().teacherStudentKl());
        if (warning != null) {
            console.message("warning: " + warning);
        }
    }
}
