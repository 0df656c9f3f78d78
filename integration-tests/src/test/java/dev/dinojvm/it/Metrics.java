package dev.dinojvm.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a run's metrics.jsonl. */
final class Metrics {

    private Metrics() {}

    static List<JsonObject> read(Path output) throws IOException {
        Path file = output.resolve("metrics.jsonl");
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream()
                .filter(line -> line.endsWith("}"))
                .map(line -> JsonParser.parseString(line).getAsJsonObject())
                .toList();
    }

    /** @return the per-iteration lines only, without the k-NN and closing-comparison records */
    static List<JsonObject> iterations(Path output) throws IOException {
        return read(output).stream().filter(json -> json.has("loss") && !json.has("record")).toList();
    }
}
