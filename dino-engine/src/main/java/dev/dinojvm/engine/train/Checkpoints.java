package dev.dinojvm.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.JsonUtils;
import dev.dinojvm.engine.plugin.ContextLoaderSwap;
import dev.dinojvm.engine.util.AtomicFiles;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Crash-safe checkpoints under {@code <output>/checkpoints/ckpt-<iteration>}: student, teacher,
 * optimizer moments, loss center, iteration counter and the effective configuration.
 *
 * <p>A checkpoint is written into a hidden temporary directory, every file forced to disk, then renamed
 * in one atomic step; a kill at any moment leaves either the previous checkpoints or the new one, never
 * half of one. The random state needs no file: data randomness derives from (seed, epoch, image) and the
 * engine's generator is re-seeded from (seed, iteration) at every step, so the iteration restores it.
 */
public final class Checkpoints {

    static final String PREFIX = "ckpt-";
    private static final String STATE = "state.json";
    private static final String CONFIG = "config.properties";

    private final Path directory;
    private final int keep;

    /**
     * @param outputDirectory the run's output directory
     * @param keep how many of the newest checkpoints to keep (at least 1)
     */
    public Checkpoints(Path outputDirectory, int keep) {
        this.directory = outputDirectory.resolve("checkpoints");
        this.keep = Math.max(1, keep);
    }

    /**
     * Writes a checkpoint after {@code iteration} completed iterations and prunes old ones.
     *
     * @param iteration iterations completed
     * @param trainer the trainer whose state to save
     * @param config the effective configuration
     * @return the checkpoint directory
     * @throws IOException on failure (the previous checkpoints stay intact)
     */
    public Path save(long iteration, DinoTrainer trainer, Map<String, String> config) throws IOException {
        Files.createDirectories(directory);
        Path target = directory.resolve(String.format("%s%09d", PREFIX, iteration));
        AtomicFiles.writeDirectory(target, temporary -> write(temporary, trainer, config, iteration));
        prune();
        return target;
    }

    private static void write(Path temporary, DinoTrainer trainer, Map<String, String> config, long iteration) throws IOException {
        SafetensorsFiles.write(temporary.resolve("student.safetensors"), SafetensorsFiles.values(trainer.student().parameters(), ""));
        SafetensorsFiles.write(temporary.resolve("teacher.safetensors"), SafetensorsFiles.values(trainer.teacher().parameters(), ""));
        Map<String, NDArray> moments = new LinkedHashMap<>();
        JsonObject steps = new JsonObject();
        for (Map.Entry<String, AdamW.Moments> e : trainer.optimizer().state().entrySet()) {
            moments.put(e.getKey() + ".exp_avg", e.getValue().mean);
            moments.put(e.getKey() + ".exp_avg_sq", e.getValue().variance);
            steps.addProperty(e.getKey(), e.getValue().steps);
        }
        SafetensorsFiles.write(temporary.resolve("optimizer.safetensors"), moments);
        SafetensorsFiles.write(temporary.resolve("loss.safetensors"), new LinkedHashMap<>(trainer.objective().state()));

        JsonObject state = new JsonObject();
        state.addProperty("format", 1);
        state.addProperty("iteration", iteration);
        state.add("optimizer_steps", steps);
        LossScaler scaler = trainer.lossScaler();
        if (scaler != null) {
            JsonObject scaling = new JsonObject();
            scaling.addProperty("scale", scaler.scale());
            scaling.addProperty("good_steps", scaler.goodSteps());
            scaling.addProperty("skipped_steps", scaler.skippedSteps());
            state.add("loss_scaler", scaling);
        }
        Files.writeString(temporary.resolve(STATE), JsonUtils.GSON_PRETTY.toJson(state));
        Files.writeString(temporary.resolve(CONFIG), properties(config));
    }

    /**
     * @param checkpoint a checkpoint directory
     * @return the iteration count in its name
     */
    public static long iterationOf(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring(PREFIX.length()));
    }

    /** @return the newest complete checkpoint, if any */
    public Optional<Path> latest() {
        return list().stream().reduce((a, b) -> b);
    }

    /**
     * Restores a trainer from a checkpoint.
     *
     * @param checkpoint a checkpoint directory
     * @param trainer a trainer built with the checkpoint's configuration
     * @param manager a manager for temporary host arrays
     * @return the number of completed iterations stored in it
     * @throws IOException when a file is missing or malformed
     */
    public static long restore(Path checkpoint, DinoTrainer trainer, NDManager manager) throws IOException {
        JsonObject state;
        try (Reader reader = Files.newBufferedReader(checkpoint.resolve(STATE))) {
            state = JsonUtils.GSON.fromJson(reader, JsonObject.class);
        }
        try (NDManager scope = manager.newSubManager()) {
            SafetensorsFiles.load(trainer.student().parameters(), "", SafetensorsFiles.read(checkpoint.resolve("student.safetensors"), scope), "student.safetensors");
            SafetensorsFiles.load(trainer.teacher().parameters(), "", SafetensorsFiles.read(checkpoint.resolve("teacher.safetensors"), scope), "teacher.safetensors");
            Map<String, NDArray> moments = SafetensorsFiles.read(checkpoint.resolve("optimizer.safetensors"), scope);
            JsonObject steps = state.getAsJsonObject("optimizer_steps");
            for (String name : steps.keySet()) {
                trainer.optimizer().restore(name, moments.get(name + ".exp_avg"), moments.get(name + ".exp_avg_sq"),
                        steps.get(name).getAsLong(), trainer.student().parameters().valueAt(0).getArray().getDevice());
            }
            Map<String, NDArray> stored = SafetensorsFiles.read(checkpoint.resolve("loss.safetensors"), scope);
            for (String name : trainer.objective().state().keySet()) {
                if (!stored.containsKey(name)) {
                    throw new IOException(checkpoint.resolve("loss.safetensors") + " has no " + name + " for the objective's state");
                }
            }
            try (ContextLoaderSwap swap = ContextLoaderSwap.of(trainer.objective())) {
                trainer.objective().restoreState(stored);
            }
        }
        // A checkpoint of an fp32 run resumed in fp16 starts with a fresh scaler; one of fp16 resumed in fp32 drops it.
        JsonObject scaling = state.getAsJsonObject("loss_scaler");
        if (scaling != null) {
            trainer.restoreLossScaler(new LossScaler(scaling.get("scale").getAsDouble(), scaling.get("good_steps").getAsLong(),
                    scaling.get("skipped_steps").getAsLong()));
        }
        trainer.refreshReplicas();
        return state.get("iteration").getAsLong();
    }

    /**
     * @param checkpoint a checkpoint directory
     * @return the configuration it was trained with
     * @throws IOException when it cannot be read
     */
    public static Map<String, String> config(Path checkpoint) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(checkpoint.resolve(CONFIG))) {
            properties.load(reader);
        }
        Map<String, String> out = new TreeMap<>();
        properties.forEach((k, v) -> out.put(k.toString(), v.toString()));
        return out;
    }

    /** @return the complete checkpoints, oldest first */
    public List<Path> list() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(p -> p.getFileName().toString().startsWith(PREFIX))
                    .filter(p -> Files.isRegularFile(p.resolve(STATE)))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void prune() throws IOException {
        List<Path> all = new ArrayList<>(list());
        while (all.size() > keep) {
            AtomicFiles.deleteRecursively(all.remove(0));
        }
    }

    private static String properties(Map<String, String> config) {
        StringBuilder out = new StringBuilder("# effective configuration of this run\n");
        new TreeMap<>(config).forEach((k, v) -> out.append(k).append('=').append(escape(v)).append('\n'));
        return out.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n");
    }

}
