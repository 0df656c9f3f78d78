package dev.dinojvm.engine.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dinojvm.engine.train.DinoTrainer;
import dev.dinojvm.plugins.ema.EmaTeacherPlugin;
import dev.dinojvm.plugins.head.DinoHeadPlugin;
import dev.dinojvm.plugins.objective.DinoObjectivePlugin;
import dev.dinojvm.plugins.vit.VitPlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The code that runs in a training step (the trainer and its parts, the process group, the standard
 * backbone, head and teacher update) reads device arrays to the host only through {@code HostReads},
 * which counts each read; {@code HostReadsTest} checks the counts.
 */
class HostReadsArchitectureTest {

    private static final Set<String> ARRAYS = Set.of("ai/djl/ndarray/NDArray", "ai/djl/pytorch/engine/PtNDArray",
            "ai/djl/ndarray/NDArrayAdapter");
    /** NDArray methods that copy values to the host, waiting for the device. */
    private static final Set<String> READS = Set.of("getFloat", "getDouble", "getInt", "getLong", "getBoolean", "getByte",
            "getUint8", "toFloatArray", "toDoubleArray", "toIntArray", "toLongArray", "toBooleanArray", "toByteArray",
            "toUint8Array", "toArray", "toByteBuffer");
    /** Where a step's code lives, in the engine. */
    private static final List<String> STEP_PACKAGES = List.of("dev/dinojvm/engine/train/", "dev/dinojvm/engine/parallel/");
    /** Reads outside any step: writing and restoring checkpoints, which wait for the device anyway. */
    private static final Set<String> OUTSIDE_THE_STEP = Set.of("dev/dinojvm/engine/train/Checkpoints",
            "dev/dinojvm/engine/train/SafetensorsFiles", "dev/dinojvm/engine/train/AdamW.copy",
            "dev/dinojvm/plugins/objective/DinoObjective.restoreState");

    static List<String> directReads(List<CompiledCalls.Call> calls) {
        return calls.stream()
                .filter(call -> ARRAYS.contains(call.owner()) && READS.contains(call.name()))
                .filter(call -> !OUTSIDE_THE_STEP.contains(call.callerClass()) && !OUTSIDE_THE_STEP.contains(call.caller()))
                .map(call -> call.caller().replace('/', '.') + " calls " + call.name())
                .distinct().sorted().toList();
    }

    @Test
    void theStepReadsDeviceArraysOnlyThroughHostReads() {
        List<CompiledCalls.Call> step = new ArrayList<>();
        CompiledCalls.inCodeSourceOf(DinoTrainer.class).stream()
                .filter(call -> STEP_PACKAGES.stream().anyMatch(call.callerClass()::startsWith))
                .forEach(step::add);
        for (Class<?> plugin : List.of(VitPlugin.class, DinoHeadPlugin.class, EmaTeacherPlugin.class, DinoObjectivePlugin.class)) {
            step.addAll(CompiledCalls.inCodeSourceOf(plugin));
        }
        assertThat(step).as("the classes were read").hasSizeGreaterThan(500);

        assertThat(directReads(step)).isEmpty();
    }

    @Test
    void aDirectReadIsFound() throws Exception {
        try (var in = HostReadsArchitectureTest.class.getResourceAsStream("HostReadsArchitectureTest$ReadsDirectly.class")) {
            assertThat(directReads(CompiledCalls.in(in.readAllBytes())))
                    .containsExactly("dev.dinojvm.engine.architecture.HostReadsArchitectureTest$ReadsDirectly.norm calls getFloat");
        }
    }

    /** What the check is for: a value read to the host behind the counter's back. */
    static final class ReadsDirectly {
        static float norm(ai.djl.ndarray.NDArray gradient) {
            return gradient.norm().getFloat();
        }
    }
}
