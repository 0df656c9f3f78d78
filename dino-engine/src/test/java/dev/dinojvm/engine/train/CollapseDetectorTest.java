package dev.dinojvm.engine.train;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CollapseDetectorTest {

    private static final double LN_K = Math.log(4096); // 8.3178

    @Test
    void aUniformTeacherTheStudentHasCaughtUpWithIsReportedOnceAfterThePatience() {
        CollapseDetector detector = new CollapseDetector(4096, 50, 100);
        for (long i = 100; i < 150; i += 10) {
            assertNull(detector.observe(i, LN_K - 0.01, 0.001), "not yet " + i);
        }
        String warning = detector.observe(150, LN_K - 0.01, 0.001);
        assertNotNull(warning);
        assertTrue(warning.contains("uniform") && warning.contains("8.318"), warning);
        assertNull(detector.observe(160, LN_K, 0.001), "reported once");
    }

    @Test
    void aTeacherOnOneDimensionIsTheOtherCollapse() {
        CollapseDetector detector = new CollapseDetector(4096, 20, 0);
        assertNull(detector.observe(0, 0.01, 0.02));
        String warning = detector.observe(20, 0.02, 0.01);
        assertNotNull(warning);
        assertTrue(warning.contains("one dimension"), warning);
    }

    @Test
    void slowLearningTheFirstEpochAndUnreadStepsAreNotCollapse() {
        CollapseDetector detector = new CollapseDetector(4096, 20, 100);
        for (long i = 0; i < 100; i++) {
            assertNull(detector.observe(i, LN_K, 0), "the outputs pass near these states early while the center adapts");
        }
        for (long i = 100; i < 400; i++) {
            // High entropy but a student far from the teacher: learning, if slowly.
            assertNull(detector.observe(i, LN_K - 0.01, 1.5));
            // Steps whose loss was not read carry NaN.
            assertNull(detector.observe(i, Double.NaN, Double.NaN));
        }
        // A uniform state interrupted before the patience runs out starts over.
        for (long i = 400; i < 500; i += 10) {
            assertNull(detector.observe(i, LN_K, i % 20 == 0 ? 0.001 : 2.0));
        }
    }
}
