package dev.dinojvm.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * Why {@code dino.train.precision} accepts fp32 only (docs/performance.md): in DJL 0.36 a dtype cast
 * is not differentiable (its JNI runs torch's {@code to()} under a NoGradGuard), so an fp16 copy of an
 * fp32 weight passes no gradient back to it and autocast-style mixed precision cannot be built on it.
 * If a DJL upgrade makes this test fail, the cast has become differentiable and mixed precision with
 * fp32 master weights becomes a small change.
 */
class DjlCastLimitationTest {

    @Test
    void aCastToHalfPrecisionCutsTheGradientPath() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.ones(new Shape(2, 2));
            weight.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray half = weight.toType(DataType.FLOAT16, false);
                assertThat(half.getDataType()).isEqualTo(DataType.FLOAT16);
                NDArray loss = half.toType(DataType.FLOAT32, false).sum();
                assertThatThrownBy(() -> collector.backward(loss))
                        .isInstanceOf(EngineException.class)
                        .hasMessageContaining("does not require grad");
            }
        }
    }
}
