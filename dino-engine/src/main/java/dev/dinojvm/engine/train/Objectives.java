package dev.dinojvm.engine.train;

import ai.djl.ndarray.NDManager;
import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.Objective;
import dev.dinojvm.api.ObjectiveSetup;
import dev.dinojvm.engine.config.EngineKeys;
import dev.dinojvm.engine.config.EngineSettings;
import dev.dinojvm.plugins.objective.DinoObjectiveFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the engine hands an objective when it creates it, and the standard objective for trainers built without one. */
public final class Objectives {

    private Objectives() {}

    /**
     * @param loss the engine's loss settings
     * @param crops global and total view counts: {@code crops[0]} global, {@code crops[1]} all
     * @param student the student, for its output dimensions
     * @param manager where the objective keeps its state
     * @return the setup an objective factory is given
     */
    public static ObjectiveSetup setup(EngineSettings.Loss loss, int[] crops, DinoNetwork student, NDManager manager) {
        return new ObjectiveSetup(crops[0], crops[1], student.head().outputDim(), student.patchOutputDim(), manager,
                engineSettings(loss));
    }

    /**
     * The standard objective ({@code dino}) with the engine's loss settings, for a trainer built without an objective.
     *
     * @param loss the engine's loss settings
     * @param crops global and total view counts
     * @param student the student
     * @param manager where the objective keeps its state
     * @return a new objective
     */
    static Objective standard(EngineSettings.Loss loss, int[] crops, DinoNetwork student, NDManager manager) {
        return new DinoObjectiveFactory().create(new ComponentConfig(ComponentKind.OBJECTIVE.configPrefix(), List.of(), Map.of()),
                setup(loss, crops, student, manager));
    }

    /** The engine's loss keys with their values, as an objective reads them ({@link ObjectiveSetup#engineSettings()}). */
    private static Map<String, String> engineSettings(EngineSettings.Loss loss) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(EngineKeys.TEACHER_TEMPERATURE, Double.toString(loss.teacherTemperature()));
        values.put(EngineKeys.TEACHER_WARMUP_TEMPERATURE, Double.toString(loss.warmupTeacherTemperature()));
        values.put(EngineKeys.TEACHER_WARMUP_EPOCHS, Integer.toString(loss.warmupTeacherEpochs()));
        values.put(EngineKeys.TEACHER_CENTER_MOMENTUM, Double.toString(loss.centerMomentum()));
        values.put(EngineKeys.STUDENT_TEMPERATURE, Double.toString(loss.studentTemperature()));
        values.put(EngineKeys.TEACHER_CENTERING, loss.centering() == EngineSettings.Centering.SINKHORN_KNOPP ? "sinkhorn-knopp" : "center");
        values.put(EngineKeys.STUDENT_KOLEO_WEIGHT, Double.toString(loss.koleoWeight()));
        values.put(EngineKeys.IBOT_LOSS_WEIGHT, Double.toString(loss.ibot().weight()));
        values.put(EngineKeys.IBOT_SEPARATE_HEAD, Boolean.toString(loss.ibot().separateHead()));
        return values;
    }
}
