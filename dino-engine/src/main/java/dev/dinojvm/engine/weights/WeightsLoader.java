package dev.dinojvm.engine.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import dev.dinojvm.engine.util.ParameterWrites;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies stored tensors into a model's parameters by name. Strict loading refuses any missing,
 * unexpected or misshapen tensor, listing them by name, before changing anything (unlike a silent
 * {@code strict=False}); non-strict loading sets what fits and reports the rest. A positional
 * embedding stored for another square patch grid is resampled to the model's and said so; a patch
 * embedding over another input channel count is adapted or refused as {@link ChannelAdaptation} says
 * (non-strict loading without adaptation lists it as misshapen).
 */
public final class WeightsLoader {

    private static final String POSITIONAL_EMBEDDING = "pos_embed";

    private WeightsLoader() {}

    /**
     * @param parameters the model's parameters
     * @param prefix only parameters whose name starts with it, matched without it ({@code ""} for all)
     * @param stored name → value, names without the prefix
     * @param strict whether any difference is an error
     * @param what what is loaded, naming the file, for messages
     * @param hint appended to a strict refusal, e.g. how to load non-strictly
     * @param channels whether a patch embedding over RGB may be adapted to the model's input channels
     * @return what was loaded, missing, unexpected and adapted
     * @throws WeightsFileException in strict mode when the file does not fit exactly; nothing is changed then
     * @throws dev.dinojvm.engine.config.ConfigException when the input channels differ and may not be adapted
     *     (strict mode) or cannot be; nothing is changed then
     */
    public static LoadReport load(ParameterList parameters, String prefix, Map<String, WeightTensor> stored, boolean strict,
            String what, String hint, ChannelAdaptation channels) throws WeightsFileException {
        Map<Parameter, WeightTensor> assignments = new LinkedHashMap<>();
        List<String> loaded = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> unused = new LinkedHashSet<>(stored.keySet());
        for (Pair<String, Parameter> p : parameters) {
            if (!p.getKey().startsWith(prefix)) {
                continue;
            }
            String name = p.getKey().substring(prefix.length());
            WeightTensor value = stored.get(name);
            unused.remove(name);
            long[] expected = p.getValue().getArray().getShape().getShape();
            if (value == null) {
                missing.add(name);
                continue;
            }
            if (!value.hasShape(expected)) {
                value = name.equals(ChannelAdaptation.PATCH_WEIGHT) && (strict || channels.allowed())
                        ? channels.fit(value, expected, what, notes) : resampledPositions(name, value, expected, notes);
            }
            if (value == null) {
                mismatched.add(name + " has shape " + stored.get(name).shapeText() + " but the model expects "
                        + WeightTensor.shapeText(expected));
                continue;
            }
            assignments.put(p.getValue(), value);
            loaded.add(name);
        }
        LoadReport report = new LoadReport(loaded, missing, List.copyOf(unused), mismatched, notes);
        if (strict && !report.exact()) {
            throw new WeightsFileException(what + " does not fit the model: " + report.problems() + hint);
        }
        assignments.forEach((parameter, value) -> assign(parameter.getArray(), value));
        return report;
    }

    private static void assign(NDArray target, WeightTensor value) {
        try (NDManager scratch = target.getManager().newSubManager()) {
            ParameterWrites.copy(target, scratch.create(value.values(), target.getShape()));
        }
    }

    private static WeightTensor resampledPositions(String name, WeightTensor value, long[] expected, List<String> notes) {
        int from = PositionalEmbeddings.gridSide(value.shape());
        int to = PositionalEmbeddings.gridSide(expected);
        if (!name.equals(POSITIONAL_EMBEDDING) || from < 0 || to < 0 || value.shape()[2] != expected[2]) {
            return null;
        }
        notes.add("interpolated the positional embedding from a " + from + "x" + from + " to a " + to + "x" + to
                + " patch grid (bicubic)");
        return PositionalEmbeddings.resample(value, to);
    }
}
