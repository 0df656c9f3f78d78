package dev.dinojvm.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RecordSchemaTest {

    private static IterationMetrics metrics(OptionalDouble lossScale, OptionalLong skipped, double[] deviceMemory) {
        return new IterationMetrics(7, 1, 9.5, java.util.Map.of(), 2.5e-4, 0.04, 0.996, 0.07, 123.25, OptionalDouble.of(640.5), 2, OptionalDouble.empty(),
                OptionalDouble.empty(), lossScale, skipped,
                deviceMemory, 1.25);
    }

    @Test
    void anIterationIsOneJsonLineInFileOrderWithoutTheFieldsItLacks() {
        assertThat(metrics(OptionalDouble.empty(), OptionalLong.empty(), new double[0]).json()).isEqualTo(
                "{\"iteration\":7,\"epoch\":1,\"loss\":9.500000,\"lr\":2.500000e-04,\"weight_decay\":0.040000,"
                        + "\"teacher_momentum\":0.996000,\"teacher_temperature\":0.0700,\"images_per_second\":123.25,"
                        + "\"rss_mb\":640.5,\"devices\":2,\"time\":1.250}");
        assertThat(metrics(OptionalDouble.of(1024), OptionalLong.of(3), new double[] {812.5, 790}).json()).contains(
                ",\"devices\":2,\"loss_scale\":1024.0,\"skipped_steps\":3,\"device_memory_mb\":[812.5,790.0],\"time\":1.250}");
    }

    @Test
    void theScalarsAreTheGroupedFieldsUnderTheirJsonNames() {
        Map<String, Double> scalars = IterationMetrics.SCHEMA.scalars(metrics(OptionalDouble.of(1024), OptionalLong.of(3),
                new double[] {812.5, 790}));

        assertThat(scalars.keySet()).containsExactly("train/loss", "train/lr", "train/weight_decay", "train/teacher_momentum",
                "train/teacher_temperature", "system/images_per_second", "system/rss_mb", "system/devices", "train/loss_scale",
                "train/skipped_steps", "system/device_memory_mb/0", "system/device_memory_mb/1");
        assertThat(scalars).containsEntry("train/lr", 2.5e-4).containsEntry("system/device_memory_mb/1", 790.0);
    }

    @Test
    void aNameThatIsNoFieldIsRefusedAndNamesRepeatNowhere() {
        assertThat(IterationMetrics.SCHEMA.name("rss_mb")).isEqualTo("rss_mb");
        assertThatThrownBy(() -> IterationMetrics.SCHEMA.name("learning_rate")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the iteration record of metrics.jsonl has no field 'learning_rate'");
        assertThatThrownBy(() -> new RecordSchema<Object>("x", List.of(Field.key("a", r -> 1), Field.key("a", r -> 2))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
