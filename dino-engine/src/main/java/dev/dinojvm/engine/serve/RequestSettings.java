package dev.dinojvm.engine.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a job request's JSON into dotted settings, as a config file would give them: {@code
 * {"dino.train.epochs": 2}} and {@code {"dino": {"train": {"epochs": 2}}}} both mean {@code
 * dino.train.epochs=2}.
 */
final class RequestSettings {

    private RequestSettings() {}

    /**
     * The settings of a request and the parts of it that are not settings.
     *
     * @param settings the settings, sorted by key
     * @param problems what could not be read as a setting, e.g. a list or null value
     */
    record Parsed(Map<String, String> settings, List<ApiError.Problem> problems) {}

    /**
     * @param json the request body
     * @param mapper the JSON parser
     * @return the settings, with the problems of the parts that are not settings
     * @throws ApiException (400) when the body is not a JSON object
     */
    static Parsed parse(String json, ObjectMapper mapper) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ApiException(400, "the body must be a JSON object of settings, e.g. {\"dino.train.epochs\": 2}");
        }
        Map<String, String> settings = new TreeMap<>();
        List<ApiError.Problem> problems = new ArrayList<>();
        flatten("", root, settings, problems);
        return new Parsed(settings, problems);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> settings, List<ApiError.Problem> problems) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(key, value, settings, problems);
            } else if (value.isValueNode() && !value.isNull()) {
                if (settings.put(key, value.asText()) != null) {
                    problems.add(new ApiError.Problem(key, "is given twice"));
                }
            } else {
                problems.add(new ApiError.Problem(key, "must be a string, number or boolean"));
            }
        }
    }
}
