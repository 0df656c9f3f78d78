package dev.dinojvm.engine.weights;

import dev.dinojvm.api.Component;
import dev.dinojvm.api.ConfigKey;
import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.api.ConfigType;
import dev.dinojvm.plugins.vit.VitPreset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The backbone settings a weights file implies ({@link ArchitectureHints}), as a configuration layer
 * for the settings the user leaves unset, and the user's settings that contradict the file. The input
 * channel count is not in the layer: it is the data's (or the user's), and an RGB file meets another
 * count by adaptation ({@link ChannelAdaptation}) when the user allows it.
 *
 * @param file the weights file
 * @param settings backbone key (without prefix) → value, only keys the backbone component declares
 * @param missingFeatures what the file has that the backbone component cannot build (registers,
 *     LayerScale, SwiGLU), in words; empty when nothing
 * @param inChannels the input channels of the file's patch embedding; 0 when the file does not tell
 */
public record ImpliedArchitecture(Path file, Map<String, String> settings, List<String> missingFeatures, int inChannels) {

    /** Hints whose value other than this one is a feature a backbone without the key cannot have. */
    private static final Map<String, String> NEUTRAL = Map.of("registers", "0", "layer-scale", "0.0", "ffn", "mlp");

    private static final List<String> PRESET_KEYS = List.of("embed-dim", "depth", "heads");

    /**
     * @param file a weights file
     * @param format its layout, or empty to recognise it
     * @param backbone the selected backbone component
     * @return what the file implies for the component's keys
     * @throws WeightsFileException when the file cannot be read
     */
    public static ImpliedArchitecture read(Path file, Optional<WeightsFormat> format, Component backbone) throws WeightsFileException {
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        Map<String, String> hints = ArchitectureHints.of(WeightsFile.read(file, format).backbone());
        int inChannels = Integer.parseInt(hints.getOrDefault(ArchitectureHints.IN_CHANS, "0"));
        hints.forEach((key, value) -> {
            if (key.equals(ArchitectureHints.IN_CHANS)) {
                return;
            }
            if (backbone.configKeys().stream().anyMatch(k -> k.name().equals(key))) {
                settings.put(key, value);
            } else if (NEUTRAL.containsKey(key) && !NEUTRAL.get(key).equals(value)) {
                missing.add(switch (key) {
                    case "registers" -> value + " register tokens";
                    case "layer-scale" -> "LayerScale";
                    default -> "a " + value + " feed-forward";
                });
            }
        });
        return new ImpliedArchitecture(file, settings, List.copyOf(missing), inChannels);
    }

    /**
     * @param prefix the backbone's configuration prefix, e.g. {@code dino.backbone}
     * @return the settings under their full keys
     */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> result = new LinkedHashMap<>();
        settings.forEach((key, value) -> result.put(prefix + "." + key, value));
        return result;
    }

    /**
     * The user's settings that contradict the file, one problem per key. LayerScale contradicts only by
     * presence (its value is an initialisation, which loaded weights replace); an {@code arch} preset
     * contradicts when its dimensions are not the file's; input channels contradict unless they are the
     * file's, or the file is RGB and {@code channels} allows adapting it.
     *
     * @param backbone the backbone component, for its key types
     * @param prefix its configuration prefix
     * @param userValue full key → the value the user set, if any
     * @param channels whether an RGB patch embedding may be adapted
     * @return the contradictions, empty when there are none
     */
    public List<ConfigProblem> contradictions(Component backbone, String prefix, Function<String, Optional<String>> userValue,
            ChannelAdaptation channels) {
        List<ConfigProblem> problems = new ArrayList<>();
        String name = file.getFileName().toString();
        if (!missingFeatures.isEmpty()) {
            problems.add(new ConfigProblem(prefix + ".type", "the backbone '" + backbone.name() + "' has no "
                    + String.join(", ", missingFeatures) + ", which " + name + " has; choose a backbone that does (vit)"));
        }
        for (ConfigKey key : backbone.configKeys()) {
            if (key.name().equals(ArchitectureHints.IN_CHANS)) {
                channelProblem(key, prefix, userValue, channels).ifPresent(problems::add);
                continue;
            }
            String implied = settings.get(key.name());
            Optional<String> set = userValue.apply(prefix + "." + key.name());
            if (implied == null || set.isEmpty() || key.problemWith(set.get()).isPresent() || agree(key, set.get().trim(), implied)) {
                continue;
            }
            problems.add(new ConfigProblem(prefix + "." + key.name(),
                    "is " + set.get().trim() + " but " + name + " implies " + implied + "; leave it unset or give matching weights"));
        }
        userValue.apply(prefix + ".arch").flatMap(VitPreset::byKey).ifPresent(preset -> {
            int[] dims = {preset.embedDim(), preset.depth(), preset.heads()};
            for (int i = 0; i < PRESET_KEYS.size(); i++) {
                String key = PRESET_KEYS.get(i);
                String implied = settings.get(key);
                if (implied != null && userValue.apply(prefix + "." + key).isEmpty() && Integer.parseInt(implied) != dims[i]) {
                    problems.add(new ConfigProblem(prefix + ".arch", "is " + preset.key() + " (" + key + " " + dims[i] + ") but "
                            + name + " implies " + key + " " + implied + "; leave it unset or give matching weights"));
                    return;
                }
            }
        });
        return problems;
    }

    private Optional<ConfigProblem> channelProblem(ConfigKey key, String prefix, Function<String, Optional<String>> userValue,
            ChannelAdaptation channels) {
        Optional<String> set = userValue.apply(prefix + "." + key.name());
        if (inChannels <= 0 || set.isEmpty() || key.problemWith(set.get()).isPresent()) {
            return Optional.empty();
        }
        int wanted = Integer.parseInt(set.get().trim());
        if (wanted == inChannels || (inChannels == 3 && channels.allowed())) {
            return Optional.empty();
        }
        return Optional.of(new ConfigProblem(prefix + "." + key.name(), channels.refusal(file.getFileName().toString(), inChannels, wanted)));
    }

    private static boolean agree(ConfigKey key, String set, String implied) {
        if (key.name().equals("layer-scale")) {
            return (Double.parseDouble(set) > 0) == (Double.parseDouble(implied) > 0);
        }
        if (key.type() == ConfigType.INTEGER || key.type() == ConfigType.DOUBLE) {
            return Double.parseDouble(set) == Double.parseDouble(implied);
        }
        return set.equalsIgnoreCase(implied);
    }
}
