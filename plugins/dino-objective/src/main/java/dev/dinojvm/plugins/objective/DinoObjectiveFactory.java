package dev.dinojvm.plugins.objective;

import dev.dinojvm.api.ComponentConfig;
import dev.dinojvm.api.ConfigKey;
import dev.dinojvm.api.Objective;
import dev.dinojvm.api.ObjectiveFactory;
import dev.dinojvm.api.ObjectiveSetup;
import java.util.List;

/**
 * Creates the standard {@link DinoObjective}: DINO's loss with its centring and sharpening, and DINOv2's iBOT, KoLeo and
 * Sinkhorn-Knopp as options.
 *
 * <p>It declares no keys of its own: its settings are the engine's documented loss keys, which configurations written
 * before the objective became a plugin already set ({@value #STUDENT_TEMPERATURE}, {@value #CENTER_MOMENTUM},
 * {@value #CENTERING}, {@value #KOLEO_WEIGHT}, {@value #IBOT_WEIGHT}), read from {@link ObjectiveSetup#engineSettings()};
 * the engine checks them and their combinations with the batch before training.
 */
public final class DinoObjectiveFactory implements ObjectiveFactory {

    /** The student's softmax temperature. */
    public static final String STUDENT_TEMPERATURE = "dino.student.temperature";
    /** The momentum of the running centres. */
    public static final String CENTER_MOMENTUM = "dino.teacher.center-momentum";
    /** {@code center} (the running centre) or {@code sinkhorn-knopp}. */
    public static final String CENTERING = "dino.teacher.centering";
    /** The weight of KoLeo, 0 for none. */
    public static final String KOLEO_WEIGHT = "dino.student.koleo-weight";
    /** The weight of iBOT's patch term, 0 for none. */
    public static final String IBOT_WEIGHT = "dino.ibot.loss-weight";

    @Override
    public String name() {
        return "dino";
    }

    @Override
    public String description() {
        return "DINO's loss with centring and sharpening; DINOv2's iBOT, KoLeo and Sinkhorn-Knopp as options (dino.ibot.*,"
                + " dino.student.koleo-weight, dino.teacher.centering).";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of();
    }

    @Override
    public Objective create(ComponentConfig config, ObjectiveSetup setup) {
        String centering = setup.engineSetting(CENTERING).orElse("center");
        if (!centering.equals("center") && !centering.equals("sinkhorn-knopp")) {
            throw new IllegalArgumentException(CENTERING + ": expected center or sinkhorn-knopp, got '" + centering + "'");
        }
        return new DinoObjective(setup, setup.engineNumber(STUDENT_TEMPERATURE), setup.engineNumber(CENTER_MOMENTUM),
                centering.equals("sinkhorn-knopp"), setup.engineNumber(KOLEO_WEIGHT), setup.engineNumber(IBOT_WEIGHT));
    }
}
