package dev.dinojvm.engine.train;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CollapseDetectorTest {

    private static final double UNIFORM = Math.log(4096); // 8.3178

    @Test
    void aLossStuckAtLnKAfterTheFirstEpochIsReportedOnce() {
        CollapseDetector detector = new CollapseDetector(4096, 5, 10);
        for (long i = 10; i < 14; i++) {
            assertNull(detector.observe(i, UNIFORM + 0.001));
        }
        String warning = detector.observe(14, UNIFORM - 0.001);
        assertNotNull(warning);
        assertTrue(warning.contains("8.318"), warning);
        assertNull(detector.observe(15, UNIFORM), "reported once");
    }

    @Test
    void theFirstEpochAndALossThatMovesAwayAreNotCollapse() {
        CollapseDetector detector = new CollapseDetector(4096, 5, 10);
        for (long i = 0; i < 10; i++) {
            assertNull(detector.observe(i, UNIFORM), "the loss passes near ln(K) early while the center adapts");
        }
        for (long i = 10; i < 40; i++) {
            // 4 iterations near ln(K), then one at 7.3: the streak never reaches 5
            assertNull(detector.observe(i, i % 5 == 4 ? 7.3 : UNIFORM));
        }
    }
}
