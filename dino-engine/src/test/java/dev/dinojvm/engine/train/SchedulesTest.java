package dev.dinojvm.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SchedulesTest {

    @Test
    void warmupIsNumpyLinspaceIncludingBothEnds() {
        // np.linspace(0, 1, 5) = 0, .25, .5, .75, 1 over the first 5 of 10 iterations
        assertEquals(0.0, Schedules.cosine(1, 0, 10, 5, 0, 0), 1e-12);
        assertEquals(0.25, Schedules.cosine(1, 0, 10, 5, 0, 1), 1e-12);
        assertEquals(1.0, Schedules.cosine(1, 0, 10, 5, 0, 4), 1e-12);
    }

    @Test
    void cosinePartStartsAtBaseAndApproachesTheEnd() {
        // iters = arange(5); end + 0.5 (base - end)(1 + cos(pi i / 5)) for base 1, end 0
        assertEquals(1.0, Schedules.cosine(1, 0, 10, 5, 0, 5), 1e-12);
        assertEquals(0.5 * (1 + Math.cos(Math.PI / 5)), Schedules.cosine(1, 0, 10, 5, 0, 6), 1e-12);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 4 / 5)), Schedules.cosine(1, 0, 10, 5, 0, 9), 1e-12);
    }

    @Test
    void weightDecayRisesFromStartToEndWithoutWarmup() {
        assertEquals(0.04, Schedules.cosine(0.04, 0.4, 100, 0, 0, 0), 1e-12);
        assertEquals(0.22, Schedules.cosine(0.04, 0.4, 100, 0, 0, 50), 1e-12);
    }

    @Test
    void teacherTemperatureWarmsUpPerEpochThenStays() {
        // np.linspace(0.04, 0.07, 4) = .04, .05, .06, .07
        assertEquals(0.04, Schedules.teacherTemperature(0.04, 0.07, 4, 0), 1e-12);
        assertEquals(0.05, Schedules.teacherTemperature(0.04, 0.07, 4, 1), 1e-12);
        assertEquals(0.07, Schedules.teacherTemperature(0.04, 0.07, 4, 3), 1e-12);
        assertEquals(0.07, Schedules.teacherTemperature(0.04, 0.07, 4, 9), 1e-12);
        assertEquals(0.04, Schedules.teacherTemperature(0.07, 0.04, 0, 0), 1e-12);
    }

    @Test
    void recipeSchedulesTheSmallReferenceConfiguration() {
        // 3 epochs of 78 iterations, lr 0.0005·128/256, 1 warm-up epoch, last layer frozen in epoch 0.
        TrainingRecipe recipe = new TrainingRecipe(3, 78, new TrainingRecipe.Optimization(0.00025, 1e-6, 1, 0.04, 0.4, 3, 1, 0), new TrainingRecipe.Distillation(0.04, 0.04, 0, 0.1, 0.9));
        assertEquals(0.0, recipe.at(0).learningRate(), 1e-15);
        assertEquals(0.00025, recipe.at(77).learningRate(), 1e-12);
        assertEquals(1e-6 + 0.5 * (0.00025 - 1e-6) * (1 + Math.cos(Math.PI * 10 / 156)), recipe.at(88).learningRate(), 1e-12);
        assertTrue(recipe.at(77).lastLayerFrozen());
        assertFalse(recipe.at(78).lastLayerFrozen());
        assertEquals(1, recipe.progress(100).epoch());
    }
}
