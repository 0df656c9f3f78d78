package dev.dinojvm.engine.weights;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a training run's initial weights came from.
 *
 * @param file the weights file
 * @param format its layout
 * @param sha256 the file's SHA-256, lower-case hex
 * @param headLoaded whether the projection head came from the file too (otherwise it is freshly initialised)
 * @param backboneReport how the backbone's tensors fitted
 * @param notes what was read, ignored or adapted
 */
public record WeightsProvenance(Path file, WeightsFormat format, String sha256, boolean headLoaded, LoadReport backboneReport,
        List<String> notes) {

    /** Copies the notes. */
    public WeightsProvenance {
        notes = List.copyOf(notes);
    }

    /** @return one line for logs and reports */
    public String summary() {
        return "initial weights: " + file + " (" + format.description() + ", sha256 " + sha256 + "): backbone"
                + (headLoaded ? " and head" : " only, fresh head");
    }
}
