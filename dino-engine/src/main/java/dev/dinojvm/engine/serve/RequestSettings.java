package dev.dinojvm.engine.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dinojvm.engine.config.ConfigText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns a job request's JSON into dotted settings, as a config file would give them: {@code
 * {"dino.train.epochs": 2}} and {@code {"dino": {"train": {"epochs": 2}}}} both mean {@code
 * dino.train.epochs=2}. A request may also be a config file's text: YAML ({@code application/yaml})
 * or {@code key=value} lines ({@code text/plain}).
 */
final class RequestSettings {

    /** Dotted words, as the keys of config files: no blanks, no {@code =}, no empty part. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

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
                named(ConfigText.yaml(JobService.REQUEST_SOURCE, body));
            case "text/plain", "text/x-java-properties" -> named(ConfigText.properties(JobService.REQUEST_SOURCE, body));
            default -> parse(body, mapper);
        };
    }

    /** @return the entries whose keys are setting names as settings, the others as problems */
    private static Parsed named(Map<String, String> entries) {
        Map<String, String> settings = new TreeMap<>();
        List<ApiError.Problem> problems = new ArrayList<>();
        entries.forEach((key, value) -> {
            if (isName(key)) {
                settings.put(key, value);
            } else {
                problems.add(notAName(key));
            }
        });
        return new Parsed(settings, problems);
    }

    private static boolean isName(String key) {
        return KEY.matcher(key).matches();
    }

    private static ApiError.Problem notAName(String key) {
        return new ApiError.Problem(key, "is not a setting name: use dotted words, e.g. dino.train.epochs");
    }

    /**
     * @param json the request body
     * @param mapper the JSON parser
     * @return the settings, with the problems of the parts that are not settings
     * @throws ApiException (400) when the body is not one JSON object, or repeats a name in an object
     */
    static Parsed parse(String json, ObjectMapper mapper) {
        JsonNode root = readOneValue(json, mapper);
        if (root == null || !root.isObject()) {
            throw new ApiException(400, "the body must be a JSON object of settings, e.g. {\"dino.train.epochs\": 2}");
        }
        Map<String, String> settings = new TreeMap<>();
        List<ApiError.Problem> problems = new ArrayList<>();
        flatten("", root, settings, problems);
        return new Parsed(settings, problems);
    }

    private static JsonNode readOneValue(String json, ObjectMapper mapper) {
        try (JsonParser parser = mapper.getFactory().createParser(json)) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonNode root = mapper.readTree(parser);
            if (!atTheEnd(parser)) {
                throw new ApiException(400, "the body must hold one JSON object and nothing after it");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from reading a string
        }
    }

    private static boolean atTheEnd(JsonParser parser) {
        try {
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> settings, List<ApiError.Problem> problems) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            if (!isName(key)) {
                problems.add(notAName(key));
            } else if (value.isObject()) {
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
