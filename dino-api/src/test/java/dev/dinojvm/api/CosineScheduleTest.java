package dev.dinojvm.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CosineScheduleTest {

    @Test
    void warmupIsNumpyLinspaceIncludingBothEnds() {
        // np.linspace(0, 1, 5) = 0, .25, .5, .75, 1 over the first 5 of 10 iterations
        assertEquals(0.0, CosineSchedule.value(1, 0, 10, 5, 0, 0), 1e-12);
        assertEquals(0.25, CosineSchedule.value(1, 0, 10, 5, 0, 1), 1e-12);
        assertEquals(1.0, CosineSchedule.value(1, 0, 10, 5, 0, 4), 1e-12);
    }

    @Test
    void aOneIterationWarmupIsItsStartValue() {
        assertEquals(0.3, CosineSchedule.value(1, 0, 10, 1, 0.3, 0), 1e-12);
        assertEquals(1.0, CosineSchedule.value(1, 0, 10, 1, 0.3, 1), 1e-12);
    }

    @Test
    void cosinePartStartsAtBaseAndApproachesTheEnd() {
        // iters = arange(5); end + 0.5 (base - end)(1 + cos(pi i / 5)) for base 1, end 0
        assertEquals(1.0, CosineSchedule.value(1, 0, 10, 5, 0, 5), 1e-12);
        assertEquals(0.5 * (1 + Math.cos(Math.PI / 5)), CosineSchedule.value(1, 0, 10, 5, 0, 6), 1e-12);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 4 / 5)), CosineSchedule.value(1, 0, 10, 5, 0, 9), 1e-12);
    }

    @Test
    void risesFromBaseToEndWithoutWarmup() {
        // weight decay 0.04 -> 0.4: halfway is the mean; the teacher momentum 0.996 -> 1 likewise
        assertEquals(0.04, CosineSchedule.value(0.04, 0.4, 100, 0, 0, 0), 1e-12);
        assertEquals(0.22, CosineSchedule.value(0.04, 0.4, 100, 0, 0, 50), 1e-12);
        assertEquals(0.998, CosineSchedule.value(0.996, 1, 100, 0, 0, 50), 1e-12);
        assertEquals(1.0, CosineSchedule.value(0.996, 1, 100, 0, 0, 100), 1e-12);
    }
}
