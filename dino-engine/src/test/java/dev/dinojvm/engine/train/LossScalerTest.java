package dev.dinojvm.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LossScalerTest {

    @Test
    void startsAtTwoToTheSixteenth() {
        assertThat(new LossScaler().scale()).isEqualTo(65536.0);
    }

    @Test
    void anOverflowSkipsTheStepHalvesTheScaleAndRestartsTheCount() {
        LossScaler scaler = new LossScaler(1024, 1500, 0);
        assertThat(scaler.update(false)).isFalse();
        assertThat(scaler.scale()).isEqualTo(512);
        assertThat(scaler.goodSteps()).isZero();
        assertThat(scaler.skippedSteps()).isEqualTo(1);
    }

    @Test
    void twoThousandGoodStepsInARowDoubleTheScale() {
        LossScaler scaler = new LossScaler(1024, 0, 0);
        for (int i = 0; i < 1999; i++) {
            assertThat(scaler.update(true)).isTrue();
        }
        assertThat(scaler.scale()).isEqualTo(1024);
        scaler.update(true);
        assertThat(scaler.scale()).isEqualTo(2048);
        assertThat(scaler.goodSteps()).isZero();
    }

    @Test
    void aScaleBelowOneIsExhausted() {
        LossScaler scaler = new LossScaler(1, 0, 0);
        assertThat(scaler.exhausted()).isFalse();
        scaler.update(false);
        assertThat(scaler.exhausted()).isTrue();
    }
}
