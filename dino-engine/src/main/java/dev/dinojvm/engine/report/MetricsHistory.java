package dev.dinojvm.engine.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import dev.dinojvm.engine.metrics.DemoComparisonMetrics;
import dev.dinojvm.engine.metrics.IterationMetrics;
import dev.dinojvm.engine.metrics.KnnMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * The lines of a run's {@code metrics.jsonl}, split into training iterations (lines with a {@code loss}),
 * k-NN evaluations (lines with {@code knn_top1}) and end-of-run comparisons with the random
 * initialisation (lines with {@code trained_top1}). Lines that do not parse (e.g. a line cut by a crash)
 * are skipped.
 */
final class MetricsHistory {

    // The names the report reads, each checked against the records' schemas when the class loads.
    static final String ITERATION = IterationMetrics.SCHEMA.name("iteration");
    static final String EPOCH = IterationMetrics.SCHEMA.name("epoch");
    static final String LOSS = IterationMetrics.SCHEMA.name("loss");
    static final String LOSS_TERMS = IterationMetrics.SCHEMA.name("loss_terms");
    static final String KNN_TOP1 = KnnMetrics.SCHEMA.name("knn_top1");
    static final String KNN_TOP5 = KnnMetrics.SCHEMA.name("knn_top5");
    static final String TRAINED_TOP1 = DemoComparisonMetrics.SCHEMA.name("trained_top1");
    static final String RANDOM_INIT_TOP1 = DemoComparisonMetrics.SCHEMA.name("random_init_top1");
    static final String RAW_PIXELS_TOP1 = DemoComparisonMetrics.SCHEMA.name("raw_pixels_top1");
    static final String GAIN_POINTS = DemoComparisonMetrics.SCHEMA.name("gain_points");
    static final String BANK = DemoComparisonMetrics.SCHEMA.name("bank");
    static final String QUERIES = DemoComparisonMetrics.SCHEMA.name("queries");

    private final List<JsonObject> iterations = new ArrayList<>();
    private final List<JsonObject> evaluations = new ArrayList<>();
    private final List<JsonObject> comparisons = new ArrayList<>();

    /**
     * @param file the metrics file; missing means an empty history
     * @return the history
     * @throws IOException when the file cannot be read
     */
    static MetricsHistory read(Path file) throws IOException {
        MetricsHistory history = new MetricsHistory();
        if (!Files.isRegularFile(file)) {
            return history;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonObject object = parse(line);
            if (object == null || !number(object, ITERATION)) {
                continue;
            }
            if (number(object, LOSS)) {
                history.iterations.add(object);
            } else if (number(object, KNN_TOP1)) {
                history.evaluations.add(object);
            } else if (number(object, TRAINED_TOP1) && number(object, RANDOM_INIT_TOP1) && number(object, RAW_PIXELS_TOP1)) {
                history.comparisons.add(object);
            }
        }
        return history;
    }

    /** @return the training lines, in file order */
    List<JsonObject> iterations() {
        return iterations;
    }

    /** @return the k-NN lines, in file order */
    List<JsonObject> evaluations() {
        return evaluations;
    }

    /** @return the last end-of-run comparison (trained, random initialisation, raw pixels), if any */
    Optional<JsonObject> comparison() {
        return comparisons.isEmpty() ? Optional.empty() : Optional.of(comparisons.get(comparisons.size() - 1));
    }

    /**
     * @param lines training or k-NN lines
     * @param key a numeric field
     * @return (iteration, value) for the lines that have it
     */
    static Series series(List<JsonObject> lines, String key, String name) {
        List<double[]> points = new ArrayList<>();
        for (JsonObject line : lines) {
            if (number(line, key)) {
                points.add(new double[] {line.get(ITERATION).getAsDouble(), line.get(key).getAsDouble()});
            }
        }
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        return new Series(name, x, y);
    }

    /**
     * @param lines training lines
     * @return one series per loss term, by the terms' names, in the order the lines list them
     */
    static List<Series> lossTerms(List<JsonObject> lines) {
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (JsonObject line : lines) {
            JsonElement terms = line.get(LOSS_TERMS);
            if (terms == null || !terms.isJsonObject()) {
                continue;
            }
            for (Map.Entry<String, JsonElement> term : terms.getAsJsonObject().entrySet()) {
                if (number(terms.getAsJsonObject(), term.getKey())) {
                    points.computeIfAbsent(term.getKey(), name -> new ArrayList<>())
                            .add(new double[] {line.get(ITERATION).getAsDouble(), term.getValue().getAsDouble()});
                }
            }
        }
        List<Series> result = new ArrayList<>();
        points.forEach((name, values) -> {
            double[] x = new double[values.size()];
            double[] y = new double[values.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = values.get(i)[0];
                y[i] = values.get(i)[1];
            }
            result.add(new Series(name, x, y));
        });
        return result;
    }

    private static JsonObject parse(String line) {
        try {
            JsonElement element = JsonParser.parseString(line);
            return element.isJsonObject() ? element.getAsJsonObject() : null;
        } catch (JsonSyntaxException e) {
            return null;
        }
    }

    private static boolean number(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber();
    }
}
