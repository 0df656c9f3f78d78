package dev.dinojvm.engine.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dinojvm.engine.config.ConfigText;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a job request's JSON into dotted settings, as a config file would give them: {@code
 * {"dino.train.epochs": 2}} and {@code {"dino": {"train": {"epochs": 2}}}} both mean {@code
 * dino.train.epochs=2}. A request may also be a config file's text: YAML ({@code application/yaml})
 * or {@code key=value} lines ({@code text/plain}).
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
     * @param body the request body
     * @param contentType its media type: YAML, plain text (properties) or, by default, JSON
     * @param mapper the JSON parser
     * @return the settings, with the problems of the parts that are not settings
     * @throws ApiException (400) when a JSON body is not a JSON object
     * @throws dev.dinojvm.engine.config.ConfigException (400) when a YAML or properties body cannot be parsed
     */
    static Parsed parse(String body, String contentType, ObjectMapper mapper) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return switch (type) {
            case "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml" ->
                new Parsed(new TreeMap<>(ConfigText.yaml(JobService.REQUEST_SOURCE, body)), List.of());
            case "text/plain", "text/x-java-properties" ->
                new Parsed(new TreeMap<>(ConfigText.properties(JobService.REQUEST_SOURCE, body)), List.of());
            default -> parse(body, mapper);
        };
    }

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
