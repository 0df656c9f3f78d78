package dev.dinojvm.engine.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void theFinaliserIsSplittableRandomsMixer() {
        // SplittableRandom(s).nextLong() adds the golden gamma to s and mixes the sum
        for (long s : new long[] {0, 1, 42, -7, Long.MAX_VALUE}) {
            assertThat(Seeds.mix64(s + 0x9E3779B97F4A7C15L)).isEqualTo(new SplittableRandom(s).nextLong());
        }
    }

    @Test
    void mixIsAPureFunctionOfSeedAndOrderedKeys() {
        assertThat(Seeds.mix(0, 2, 3)).isEqualTo(Seeds.mix(0, 2, 3));
        assertThat(Seeds.mix(0, 2, 3)).isNotEqualTo(Seeds.mix(0, 3, 2));
        assertThat(Seeds.mix(0)).isEqualTo(Seeds.mix64(0));
        long h = Seeds.mix64(5);
        assertThat(Seeds.mix(5, 9)).isEqualTo(Seeds.mix64(h + 0x9E3779B97F4A7C15L + Seeds.mix64(9)));
    }

    @Test
    void iterationSeedsAreNonNegativeAndKeepTheirValuesAcrossVersions() {
        // The values of the engine before the helper moved here: a change would break resuming old runs.
        assertThat(Seeds.iterationSeed(1, 0)).isEqualTo(OLD_ITERATION_SEED_1_0);
        assertThat(Seeds.iterationSeed(1, 1)).isEqualTo(OLD_ITERATION_SEED_1_1);
        assertThat(Seeds.iterationSeed(0, 1000)).isEqualTo(OLD_ITERATION_SEED_0_1000);
        for (long i = 0; i < 1000; i++) {
            assertThat(Seeds.iterationSeed(-3, i)).isNotNegative();
        }
    }

    // Printed by TrainJob.iterationSeed as it was in commit 0ffb008.
    private static final int OLD_ITERATION_SEED_1_0 = 2_065_550_767;
    private static final int OLD_ITERATION_SEED_1_1 = 151_149_761;
    private static final int OLD_ITERATION_SEED_0_1000 = 1_805_970_135;
}
