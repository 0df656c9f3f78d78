package dev.dinojvm.engine.config;

import dev.dinojvm.api.ConfigProblem;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.spi.ConfigSource;

/** Reads the {@code --config} file: YAML ({@code .yaml}, {@code .yml}) or properties, or a preset named instead of a file. */
final class UserConfigFile {

    private UserConfigFile() {}

    /**
     * @param file the file the user named
     * @param ordinal the source's precedence
     * @return the file as a configuration source named {@code config file <file>}
     * @throws ConfigException with one problem naming the file, when it cannot be read or parsed
     */
    static ConfigSource read(Path file, int ordinal) {
        Optional<Presets.Preset> preset = Files.exists(file) ? Optional.empty() : Presets.find(file.toString());
        if (preset.isPresent()) {
            String source = "preset " + preset.get().name();
            Map<String, String> values = preset.get().resource().endsWith(".properties")
                    ? ConfigText.properties(source, preset.get().text()) : ConfigText.yaml(source, preset.get().text());
            return new NamedSource(source, values, ordinal);
        }
        String name = "config file " + file;
        String fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String extension = fileName.contains(".") ? fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        boolean yaml = extension.equals("yaml") || extension.equals("yml");
        if (extension.isEmpty() && !Files.exists(file)) {
            throw problem(file, "no such file or preset (presets: "
                    + String.join(", ", Presets.all().stream().map(Presets.Preset::name).toList()) + "; dino config presets)");
        }
        if (!yaml && !extension.equals("properties")) {
            throw problem(file, "unsupported config file type" + (extension.isEmpty() ? "" : " '." + extension + "'")
                    + ": use .yaml, .yml or .properties, or a preset name (dino config presets)");
        }
        String content = readText(file);
        return yaml ? parseYaml(file, name, content, ordinal) : parseProperties(file, name, content, ordinal);
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw problem(file, "no such file");
        } catch (CharacterCodingException e) {
            throw problem(file, "not UTF-8 text");
        } catch (IOException e) {
            throw problem(file, "cannot read the file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private static ConfigSource parseYaml(Path file, String name, String content, int ordinal) {
        return new NamedSource(name, ConfigText.yaml(file.toString(), content), ordinal);
    }

    private static ConfigSource parseProperties(Path file, String name, String content, int ordinal) {
        return new NamedSource(name, ConfigText.properties(file.toString(), content), ordinal);
    }

    private static ConfigException problem(Path file, String message) {
        return new ConfigException(List.of(new ConfigProblem(file.toString(), message)));
    }
}
