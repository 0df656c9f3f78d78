package dev.dinojvm.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dinojvm.engine.config.EngineSettings;
import org.junit.jupiter.api.Test;

class SchedulesTest {

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
        TrainingRecipe recipe = new TrainingRecipe(3, 78, new TrainingRecipe.Optimization(0.00025, 1e-6, 1, 0.04, 0.4, 3, 1, 0), new EngineSettings.Loss(0.04, 0.04, 0, 0.1, 0.9));
        assertEquals(0.0, recipe.at(0).learningRate(), 1e-15);
        assertEquals(0.00025, recipe.at(77).learningRate(), 1e-12);
        assertEquals(1e-6 + 0.5 * (0.00025 - 1e-6) * (1 + Math.cos(Math.PI * 10 / 156)), recipe.at(88).learningRate(), 1e-12);
        assertTrue(recipe.at(77).lastLayerFrozen());
        assertFalse(recipe.at(78).lastLayerFrozen());
        assertEquals(1, recipe.progress(100).epoch());
    }
}
