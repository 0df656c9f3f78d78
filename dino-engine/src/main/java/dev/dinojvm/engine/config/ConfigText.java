package dev.dinojvm.engine.config;

import dev.dinojvm.api.ConfigProblem;
import io.smallrye.config.source.yaml.YamlConfigSource;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads settings written as a config file would hold them, YAML or properties, into dotted keys. */
public final class ConfigText {

    private ConfigText() {}

    /**
     * @param source what the text is, for the problem's key (a file name, {@code request})
     * @param content the YAML text
     * @return the settings, dotted keys in the order of the text
     * @throws ConfigException with one problem when the text is not valid YAML
     */
    public static Map<String, String> yaml(String source, String content) {
        Map<String, String> parsed;
        try {
            parsed = new YamlConfigSource(source, content, 0).getProperties();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            String where = mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            throw problem(source, "not valid YAML" + where + ": " + oneLine(e.getProblem()));
        } catch (RuntimeException e) {
            throw problem(source, "not valid YAML: " + oneLine(e.getMessage()));
        }
        // SmallRye quotes a YAML key that holds dots (train.seed: 1 under dino: is dino."train.seed");
        // no setting has a dot inside a segment, so both spellings mean the same key.
        Map<String, String> values = new LinkedHashMap<>();
        parsed.forEach((key, value) -> values.put(key.replace("\"", ""), value));
        return values;
    }

    /**
     * @param source what the text is, for the problem's key
     * @param content {@code key=value} lines, as in a properties file
     * @return the settings
     * @throws ConfigException with one problem when the text is not a valid properties file
     */
    public static Map<String, String> properties(String source, String content) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(content));
        } catch (IOException | IllegalArgumentException e) {
            throw problem(source, "not a valid properties file: " + oneLine(e.getMessage()));
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return values;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static ConfigException problem(String source, String message) {
        return new ConfigException(List.of(new ConfigProblem(source, message)));
    }
}
