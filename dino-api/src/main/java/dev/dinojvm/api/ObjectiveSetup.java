package dev.dinojvm.api;

import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.Optional;

/**
 * What an {@link ObjectiveFactory} knows of the run when it creates its {@link Objective} (since SPI 1.5).
 *
 * @param globalViews the global views of each image, which the teacher sees (2)
 * @param allViews all views of each image, which the student sees (global and local)
 * @param outputDim the head's output dimension K
 * @param patchOutputDim the output dimension of the head that patch tokens go through (the same head's or a separate one's)
 * @param manager where the objective keeps its state (the device of the master networks); close nothing of it
 * @param engineSettings the engine's own settings by full key ({@code dino.student.temperature → 0.1}), resolved with their
 *     defaults, for objectives that read the engine's documented loss keys rather than declaring their own
 */
public record ObjectiveSetup(int globalViews, int allViews, int outputDim, int patchOutputDim, NDManager manager,
        Map<String, String> engineSettings) {

    /** Copies the settings. */
    public ObjectiveSetup {
        engineSettings = Map.copyOf(engineSettings);
    }

    /**
     * @param key a full key, e.g. {@code dino.student.temperature}
     * @return the engine's value of it, if the engine has that setting
     */
    public Optional<String> engineSetting(String key) {
        return Optional.ofNullable(engineSettings.get(key)).map(String::trim);
    }

    /**
     * @param key a full key of a numeric engine setting
     * @return its value
     * @throws IllegalArgumentException when the engine has no such setting
     */
    public double engineNumber(String key) {
        return Double.parseDouble(engineSetting(key).orElseThrow(() -> new IllegalArgumentException("no engine setting " + key)));
    }
}
