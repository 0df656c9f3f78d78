package dev.dinojvm.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.dinojvm.engine.util.HostReads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Checks for NaN and infinity: the fp16 overflow check of a step, and where a diverged step went wrong. */
final class NonFiniteValues {

    private static final int NAMED = 6;

    private NonFiniteValues() {}

    /**
     * @param arrays arrays on one device
     * @param scope where the intermediates go
     * @return whether every value is finite: the fp16 overflow check, one read to the host for all of them
     */
    static boolean gradientsFinite(List<NDArray> arrays, NDManager scope) {
        NDArray bad = scope.zeros(new Shape(), DataType.BOOLEAN);
        for (NDArray array : arrays) {
            bad = bad.logicalOr(array.isNaN().logicalOr(array.isInfinite()).any());
        }
        return !HostReads.flag(bad, HostReads.Reason.GRADIENT_OVERFLOW);
    }

    static boolean allFinite(float[] values) {
        for (float value : values) {
            if (!Float.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    static boolean allFinite(NDArray array) {
        try (NDManager scope = array.getManager().newSubManager()) {
            NDArray copy = array.duplicate();
            copy.attach(scope);
            return !HostReads.flag(copy.isNaN().logicalOr(copy.isInfinite()).any(), HostReads.Reason.DIVERGENCE_DIAGNOSIS);
        }
    }

    /**
     * Says where the first non-finite values are, for the error message of a diverged step (only then).
     *
     * @param inputsFinite whether the input crops are finite
     * @param student the master student
     * @param partials the replicas' contributions to the step
     * @param objectiveState the objective's state (the loss centres)
     * @return the places with non-finite values, or that the usual suspects are finite
     */
    static String diagnose(BooleanSupplier inputsFinite, DinoNetwork student, List<Replica.Partial> partials,
            Map<String, NDArray> objectiveState) {
        List<String> found = new ArrayList<>();
        if (!inputsFinite.getAsBoolean()) {
            found.add("input crops");
        }
        for (var p : student.parameters()) {
            if (!allFinite(p.getValue().getArray())) {
                found.add("student " + p.getKey());
            }
        }
        if (partials.stream().anyMatch(partial -> !allFinite(partial.teacherOutput()))) {
            found.add("teacher output");
        }
        objectiveState.forEach((name, state) -> {
            if (!allFinite(state)) {
                found.add("loss " + name);
            }
        });
        return found.isEmpty() ? "student parameters, teacher output and center are finite"
                : "non-finite values in " + String.join(", ", found.subList(0, Math.min(NAMED, found.size())))
                        + (found.size() > NAMED ? " and " + (found.size() - NAMED) + " more" : "");
    }
}
